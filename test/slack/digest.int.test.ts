import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { people, workItems } from '../../db/schema';
import { DIGEST_JOB } from '../../src/jobs/digest-job';
import { STALE_REMINDERS_JOB } from '../../src/jobs/stale-reminders-job';
import { ACTIONS } from '../../src/views/slack-ids';
import { click, delegateCommand, eventually, itemRow, refOf, runJobNow, validArtifactFor, waitForCard } from '../support/scenario';
import { sendDigest } from '../../src/use-cases/digest';
import { useTestApp, type TestApp } from '../support/test-app';

const app = useTestApp({ modelReply: validArtifactFor });
let t: TestApp;
beforeEach(() => {
  t = app();
});

const db = () => t.delegate.database.db;
const digestJob = async (userId: string) =>
  (
    await db().execute<{ repeat_interval: string; repeat_timezone: string; next_run_ms: string }>(
      sql`select repeat_interval, repeat_timezone, (extract(epoch from next_run_at) * 1000)::bigint::text as next_run_ms from agenda_jobs where name = ${DIGEST_JOB} and data->>'userId' = ${userId}`,
    )
  ).rows;

async function firstUse(user: string, tz: string) {
  t.slack.setUser(user, { tz });
  await delegateCommand(t, `research: first thing for ${user}`, user);
  const card = await waitForCard(t, (c) => JSON.stringify(c.body.blocks).includes(`first thing for ${user}`));
  await eventually(() => digestJob(user), (rows) => rows.length === 1);
  return card;
}

const digestsSent = () => t.slack.callsTo('chat.postMessage').filter((c) => String(c.body.text).startsWith('Your digest'));

async function sendDigestNow(user: string) {
  const before = digestsSent().length;
  await t.delegate.agenda.now(DIGEST_JOB, { userId: user });
  return (await eventually(async () => digestsSent(), (sent) => sent.length > before)).at(-1)!;
}

describe('daily digest', () => {
  it.each([
    ['U0LA', 'America/Los_Angeles'],
    ['U0BER', 'Europe/Berlin'],
    ['U0KOL', 'Asia/Kolkata'],
  ])('%s in %s gets a weekday 9:00 digest job in their own time zone', async (user, tz) => {
    await firstUse(user, tz);
    const [job] = await digestJob(user);
    expect(job).toMatchObject({ repeat_interval: '0 9 * * 1-5', repeat_timezone: tz });
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', weekday: 'short', hour12: false }).format(new Date(Number(job!.next_run_ms)));
    expect(local).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);
  });

  it('says at a glance: WIP, reviews oldest first with buttons and stale marks, yesterday, deferred; and only once a day', async () => {
    const user = 'U0DIGEST';
    const card = await firstUse(user, 'Europe/Berlin');
    const itemId = refOf(card, ACTIONS.approve).itemId;
    await db().update(workItems).set({ updatedAt: sql`now() - interval '3 days'` }).where(eq(workItems.id, itemId));
    await delegateCommand(t, 'research: decided yesterday', user);
    const second = await waitForCard(t, (c) => JSON.stringify(c.body.blocks).includes('decided yesterday'));
    await db()
      .update(workItems)
      .set({ status: 'approved', decidedBy: user, decidedAt: sql`now() - interval '1 day'` })
      .where(eq(workItems.id, refOf(second, ACTIONS.approve).itemId));

    const digest = await sendDigestNow(user);
    expect(digest.body.channel).toBe(user); // a DM by default
    const text = JSON.stringify(digest.body.blocks);
    expect(digest.body.text).toContain('WIP 1 of 5 · 1 waiting for your review (1 stale)');
    expect(text).toContain('first thing for U0DIGEST');
    expect(text).toContain(':warning: *stale*');
    expect(text).toContain('Completed yesterday');
    expect(text).toContain('decided yesterday');
    expect(JSON.stringify(digest.body.blocks)).toContain(ACTIONS.approve);

    await runJobNow(t, DIGEST_JOB, { userId: user }); // the same day's digest job again, run to its end
    expect(digestsSent()).toHaveLength(1);
  });

  it('/delegate digest moves it to a channel, changes the time, and turns it off', async () => {
    const user = 'U0DSET';
    await firstUse(user, 'Asia/Kolkata');
    expect((await (await delegateCommand(t, 'digest <#C0STANDUP|team-standup>', user)).reply()).body.text).toContain('posted in <#C0STANDUP>');
    await (await delegateCommand(t, 'digest 8:45', user)).reply();
    await eventually(() => digestJob(user), (rows) => rows[0]?.repeat_interval === '45 8 * * 1-5');
    const digest = await sendDigestNow(user);
    expect(digest.body.channel).toBe('C0STANDUP');
    await delegateCommand(t, 'digest off', user);
    await eventually(() => digestJob(user), (rows) => rows.length === 0);
    expect((await db().select().from(people).where(eq(people.userId, user)))[0]!.digestEnabled).toBe(false);
  });

  it('an empty day gets one line, or nothing for someone who chose quiet', async () => {
    const user = 'U0EMPTY';
    const card = await firstUse(user, 'Europe/Berlin');
    await db().update(workItems).set({ status: 'cancelled', decidedBy: user, decidedAt: sql`now()` }).where(eq(workItems.id, refOf(card, ACTIONS.approve).itemId));
    const digest = await sendDigestNow(user);
    expect(digest.body.blocks).toHaveLength(1);
    expect(digest.body.text).toContain('nothing needs you today');

    const quiet = 'U0QUIETD';
    const quietCard = await firstUse(quiet, 'Europe/Berlin');
    await db().update(workItems).set({ status: 'cancelled', decidedBy: quiet, decidedAt: sql`now()` }).where(eq(workItems.id, refOf(quietCard, ACTIONS.approve).itemId));
    expect((await (await delegateCommand(t, 'digest quiet', quiet)).reply()).body.text).toContain('no digest at all');
    t.slack.reset();
    await runJobNow(t, DIGEST_JOB, { userId: quiet });
    expect(t.slack.callsTo('chat.postMessage')).toEqual([]);
  });
});

describe('weekly retro', () => {
  it('someone who opted in gets their retro numbers with Friday’s digest, not on other days', async () => {
    const user = 'U0RETRO';
    const card = await firstUse(user, 'Europe/Berlin');
    await click(t, ACTIONS.approve, refOf(card, ACTIONS.approve), user);
    await eventually(() => itemRow(t, refOf(card, ACTIONS.approve).itemId), (r) => r.status === 'approved');
    await db().update(people).set({ retroWeekly: true }).where(eq(people.userId, user));
    const at = (iso: string) => ({ ...t.delegate.deps, now: () => new Date(iso) });
    t.slack.reset();
    await sendDigest(at('2026-11-26T08:00:00Z'), user); // a Thursday in Berlin
    expect(t.slack.callsTo('chat.postMessage').map((c) => c.body.text)).toEqual([expect.stringContaining('Your digest')]);
    t.slack.reset();
    await sendDigest(at('2026-11-27T08:00:00Z'), user); // Friday
    const [digest, retro] = t.slack.callsTo('chat.postMessage');
    expect(digest!.body.text).toContain('Your digest');
    expect(retro!.body.text).toContain('weekly retro');
    expect(JSON.stringify(retro!.body.blocks)).toContain('*research@1*: 1 runs · approved 100%');
  });
});

describe('stale reminders', () => {
  it('a review past the threshold gets one gentle reminder in the card’s thread, not two', async () => {
    const user = 'U0STALE';
    const card = await firstUse(user, 'Europe/Berlin');
    const itemId = refOf(card, ACTIONS.approve).itemId;
    await db().update(workItems).set({ updatedAt: sql`now() - interval '30 hours'` }).where(eq(workItems.id, itemId));
    const row = await itemRow(t, itemId);
    t.slack.reset();
    await t.delegate.agenda.now(STALE_REMINDERS_JOB);
    const reminder = await t.slack.waitFor('chat.postMessage', (c) => c.body.thread_ts === row.cardTs);
    expect(reminder.body.channel).toBe(row.cardChannelId);
    expect(reminder.body.text).toContain('waiting for your review for 30 h');
    await runJobNow(t, STALE_REMINDERS_JOB);
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === row.cardTs)).toHaveLength(1);
    expect((await itemRow(t, itemId)).status).toBe('awaiting_review'); // nothing expires
  });
});
