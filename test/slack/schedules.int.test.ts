import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { schedules, workItems } from '../../db/schema';
import { SCHEDULED_RUN_JOB } from '../../src/jobs/scheduled-run-job';
import { ACTIONS, INPUTS, SCHEDULE_ACTIONS, VIEWS } from '../../src/views/slack-ids';
import { violationsIn } from '../support/block-kit-limits';
import { injectionsIn } from '../support/injection-sweep';
import { CHANNEL, buttonsOf, click, delegateCommand, eventually, itemRow, refOf, validArtifactFor, waitForCard, settle } from '../support/scenario';
import { buildBlockAction, buildViewSubmission, sendInteraction } from '../support/slack-requests';
import { startTestApp, type TestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let database: TestDatabase;
let t: TestApp;
beforeAll(async () => {
  database = await createTestDatabase();
  t = await startTestApp({ database, modelReply: validArtifactFor });
});
afterAll(async () => {
  await t?.stop();
  await database?.drop();
});
afterEach(async () => {
  await settle(t);
  expect(violationsIn(t.slack.calls)).toEqual([]);
  expect(injectionsIn(t.slack.calls)).toEqual([]);
  t.slack.reset();
});

const db = () => t.delegate.database.db;
const jobsFor = async (scheduleId: string) =>
  (await db().execute<{ n: number }>(sql`select count(*)::int as n from agenda_jobs where name = ${SCHEDULED_RUN_JOB} and data->>'scheduleId' = ${scheduleId}`)).rows[0]!.n;
const scheduleOf = async (owner: string) => (await db().select().from(schedules).where(eq(schedules.ownerId, owner)))[0]!;

async function schedule(user: string, text: string, tz = 'Europe/Berlin') {
  t.slack.setUser(user, { tz });
  return (await delegateCommand(t, text, user)).reply();
}

let clickSeq = 0;
async function clickSchedule(user: string, actionId: string, scheduleId: string) {
  const id = `click-${++clickSeq}`;
  const res = await sendInteraction(
    t.target,
    // The schedule list is ephemeral, as Slack marks it.
    buildBlockAction({ userId: user, actionId, value: JSON.stringify({ scheduleId }), channelId: CHANNEL, responseUrl: t.slack.responseUrl(id), ephemeral: true }),
  );
  expect(res.status).toBe(200);
  const reply = await t.slack.waitFor('response_url', (c) => c.responseId === id);
  expect(reply.body.replace_original).toBe(true);
  return reply;
}

/** Brings the schedule's own repeating Agenda job due now (as if the clock reached it), and waits until Agenda has run it. */
async function fire(scheduleId: string) {
  const due = sql`from agenda_jobs where name = ${SCHEDULED_RUN_JOB} and data->>'scheduleId' = ${scheduleId}`;
  // A run that pauses its schedule removes the job: that counts as having run.
  const lastRun = async () => {
    const [job] = (await db().execute<{ last: string | null }>(sql`select last_finished_at::text as last ${due}`)).rows;
    return job ? job.last : 'job removed';
  };
  const before = await lastRun();
  await db().execute(sql`update agenda_jobs set next_run_at = now() where name = ${SCHEDULED_RUN_JOB} and data->>'scheduleId' = ${scheduleId}`);
  await eventually(lastRun, (last) => last !== before);
}

describe('creating schedules', () => {
  it('a phrase creates a schedule in the person’s time zone with its Agenda job, and says when it runs next', async () => {
    const reply = await schedule('U0SCHED1', 'every friday 16:00 research: new releases of our main dependencies');
    expect(reply.body.text).toContain('Scheduled: research every Friday at 16:00 (Europe/Berlin)');
    expect(buttonsOf(reply).map((b) => b.text)).toEqual(['Pause', 'Run now', 'Delete']);
    expect(JSON.stringify(reply.body.blocks)).toMatch(/Next run <!date\^\d+/);
    const row = await scheduleOf('U0SCHED1');
    expect(row).toMatchObject({ agent: 'research', cron: '0 16 * * 5', timeZone: 'Europe/Berlin', state: 'active', channelId: CHANNEL });
    expect(await jobsFor(row.id)).toBe(1);
    const [job] = (await db().execute<{ repeat_interval: string; repeat_timezone: string }>(sql`select repeat_interval, repeat_timezone from agenda_jobs where data->>'scheduleId' = ${row.id}`)).rows;
    expect(job).toEqual({ repeat_interval: '0 16 * * 5', repeat_timezone: 'Europe/Berlin' });
  });

  it('"ready by" starts early by the lead time', async () => {
    const reply = await schedule('U0SCHED2', 'ready by friday 9:00 research: tech-debt report');
    expect(reply.body.text).toContain('ready by 9:00');
    const row = await scheduleOf('U0SCHED2');
    expect(row.leadMinutes).toBe(15); // no history yet: the default lead
    expect(row.cron).toBe('45 8 * * 5');
  });

  it('a phrase it cannot read is refused with examples, and nothing is created', async () => {
    const reply = await schedule('U0SCHED3', 'every friday at teatime research: x');
    expect(reply.body.text).toContain('Nothing was scheduled');
    expect(reply.body.text).toContain('/delegate every weekday 9:00');
    expect(await db().$count(schedules, eq(schedules.ownerId, 'U0SCHED3'))).toBe(0);
  });
});

describe('the modal offers the same choices', () => {
  const submit = (user: string, extra: Record<string, Record<string, object>>) =>
    sendInteraction(
      t.target,
      buildViewSubmission({
        userId: user,
        callbackId: VIEWS.delegate,
        privateMetadata: JSON.stringify({ channelId: CHANNEL }),
        values: {
          [INPUTS.agent.block]: { [INPUTS.agent.action]: { type: 'static_select', selected_option: { value: 'research' } } },
          [INPUTS.instructions.block]: { [INPUTS.instructions.action]: { type: 'plain_text_input', value: 'weekly tech-debt report' } },
          ...extra,
        },
      }),
    );

  it('shows when, day, time and run-at/ready-by; a missing day is an inline error; a full choice creates the schedule', async () => {
    await delegateCommand(t, '', 'U0MODAL');
    const opened = await t.slack.waitFor('views.open');
    const blockIds = opened.body.view.blocks.map((b: { block_id: string }) => b.block_id);
    expect(blockIds).toEqual(expect.arrayContaining([INPUTS.when.block, INPUTS.day.block, INPUTS.dayOfMonth.block, INPUTS.time.block, INPUTS.mode.block]));

    const when = (v: string) => ({ [INPUTS.when.block]: { [INPUTS.when.action]: { type: 'static_select', selected_option: { value: v } } } });
    const time = { [INPUTS.time.block]: { [INPUTS.time.action]: { type: 'timepicker', selected_time: '09:00' } } };
    const missingDay = await submit('U0MODAL', { ...when('weekly'), ...time });
    expect(await missingDay.json()).toEqual({ response_action: 'errors', errors: { [INPUTS.day.block]: 'Choose a day of the week.' } });
    expect(await db().$count(schedules, eq(schedules.ownerId, 'U0MODAL'))).toBe(0);

    t.slack.setUser('U0MODAL', { tz: 'America/New_York' });
    const ok = await submit('U0MODAL', {
      ...when('weekly'),
      ...time,
      [INPUTS.day.block]: { [INPUTS.day.action]: { type: 'static_select', selected_option: { value: '5' } } },
      [INPUTS.mode.block]: { [INPUTS.mode.action]: { type: 'radio_buttons', selected_option: { value: 'ready_by' } } },
    });
    expect(await ok.text()).toBe('');
    const note = await t.slack.waitFor('chat.postEphemeral');
    expect(note.body.text).toContain('Scheduled: research every Friday ready by 9:00 (America/New_York)');
    expect(await scheduleOf('U0MODAL')).toMatchObject({ cron: '45 8 * * 5', timeZone: 'America/New_York' });
    expect(await db().$count(workItems, eq(workItems.ownerId, 'U0MODAL'))).toBe(0); // nothing runs until it is due
  });
});

describe('managing schedules', () => {
  it('/delegate schedules lists them; pause, resume and delete keep the Agenda job in step', async () => {
    await schedule('U0SCHED4', 'every weekday 9:00 summarize: overnight alerts');
    const row = await scheduleOf('U0SCHED4');
    t.slack.reset();
    const list = await (await delegateCommand(t, 'schedules', 'U0SCHED4')).reply();
    expect(list.body.text).toBe('Your schedules (1)');

    const paused = await clickSchedule('U0SCHED4', SCHEDULE_ACTIONS.pause, row.id);
    expect(JSON.stringify(paused.body.blocks)).toContain('Paused. Paused by you.');
    expect(buttonsOf(paused).map((b) => b.text)).toEqual(['Resume', 'Run now', 'Delete']);
    expect(await jobsFor(row.id)).toBe(0);

    t.slack.reset();
    await clickSchedule('U0SCHED4', SCHEDULE_ACTIONS.resume, row.id);
    expect(await jobsFor(row.id)).toBe(1);

    t.slack.reset();
    const deleted = await clickSchedule('U0SCHED4', SCHEDULE_ACTIONS.remove, row.id);
    expect(deleted.body.text).toBe('You have no schedules.');
    expect(await jobsFor(row.id)).toBe(0);
    expect(await db().$count(schedules, eq(schedules.id, row.id))).toBe(0);
  });

  it('someone else cannot change a schedule', async () => {
    await schedule('U0SCHED5', 'daily 8:30 research: news');
    const row = await scheduleOf('U0SCHED5');
    t.slack.reset();
    await sendInteraction(t.target, buildBlockAction({ userId: 'U0OTHER', actionId: SCHEDULE_ACTIONS.remove, value: JSON.stringify({ scheduleId: row.id }), channelId: CHANNEL }));
    const note = await t.slack.waitFor('chat.postEphemeral');
    expect(note.body.text).toContain('Only <@U0SCHED5> can change this schedule');
    expect(await jobsFor(row.id)).toBe(1);
  });
});

describe('scheduled runs', () => {
  it('a due schedule runs as an ordinary delegation with a card, linked to its schedule, and its job repeats', async () => {
    await schedule('U0SCHED6', 'every weekday 9:00 triage: overnight pages');
    const row = await scheduleOf('U0SCHED6');
    await fire(row.id);
    const [next] = (await db().execute<{ future: boolean }>(sql`select next_run_at > now() as future from agenda_jobs where data->>'scheduleId' = ${row.id}`)).rows;
    expect(next).toEqual({ future: true });
    const card = await waitForCard(t, (c) => c.body.channel === CHANNEL);
    const item = await itemRow(t, refOf(card, ACTIONS.approve).itemId);
    expect(item).toMatchObject({ scheduleId: row.id, source: 'schedule', agent: 'triage', ownerId: 'U0SCHED6' });
    expect(item.scheduledFor).toBeInstanceOf(Date);
  });

  it('at the WIP limit a due run is deferred, later runs coalesce into it, and it starts when a slot frees', async () => {
    const user = 'U0SCHED7';
    await delegateCommand(t, 'limit 1', user);
    await delegateCommand(t, 'research: the one open item', user);
    const open = await waitForCard(t);
    await schedule(user, 'daily 7:00 summarize: the news');
    const row = await scheduleOf(user);

    await fire(row.id);
    await eventually(() => scheduleOf(user), (s) => s.deferredCount === 1);
    await fire(row.id);
    const deferred = await eventually(() => scheduleOf(user), (s) => s.deferredCount === 2);
    expect(deferred.deferredSince).toBeInstanceOf(Date);
    expect(await db().$count(workItems, eq(workItems.ownerId, user))).toBe(1); // nothing piled up

    t.slack.reset();
    const status = await (await delegateCommand(t, 'status', user)).reply();
    expect(JSON.stringify(status.body.blocks)).toContain('Scheduled runs waiting for room');
    expect(JSON.stringify(status.body.blocks)).toContain('2 due runs coalesced');

    t.slack.reset();
    await click(t, ACTIONS.approve, refOf(open, ACTIONS.approve), user);
    const items = await eventually(() => db().select().from(workItems).where(eq(workItems.scheduleId, row.id)), (rows) => rows.length === 1);
    expect(items[0]!.scheduledFor!.getTime()).toBe(deferred.deferredSince!.getTime());
    expect(await scheduleOf(user)).toMatchObject({ deferredSince: null, deferredCount: 0 });
  });

  it('"Run anyway" overrides the limit for one run', async () => {
    const user = 'U0SCHED8';
    await delegateCommand(t, 'limit 1', user);
    await delegateCommand(t, 'research: busy', user);
    await waitForCard(t);
    await schedule(user, 'daily 7:00 research: anyway');
    const row = await scheduleOf(user);
    await fire(row.id);
    await eventually(() => scheduleOf(user), (s) => s.deferredCount === 1);
    t.slack.reset();
    // Pressed in the digest (an ordinary message): answered privately, the digest is left alone.
    await sendInteraction(
      t.target,
      buildBlockAction({ userId: user, actionId: SCHEDULE_ACTIONS.runAnyway, value: JSON.stringify({ scheduleId: row.id }), channelId: 'D0SCHED8', responseUrl: t.slack.responseUrl() }),
    );
    const after = await t.slack.waitFor('chat.postMessage', (c) => c.body.channel === user && /Your schedules/.test(c.body.text));
    expect(JSON.stringify(after.body.blocks)).toContain('Started a run');
    expect(t.slack.callsTo('response_url')).toEqual([]);
    expect(await db().$count(workItems, eq(workItems.ownerId, user))).toBe(2);
  });

  it('a schedule whose owner left the workspace is paused, not retried', async () => {
    await schedule('U0LEFT', 'daily 7:00 research: orphaned');
    const row = await scheduleOf('U0LEFT');
    t.slack.setUser('U0LEFT', { tz: 'Europe/Berlin', deleted: true });
    await fire(row.id);
    const paused = await eventually(() => scheduleOf('U0LEFT'), (s) => s.state === 'paused');
    expect(paused.pausedReason).toContain('left the workspace');
    // Pausing stores the state, then removes the job: wait for the second step, not only the first.
    expect(await eventually(() => jobsFor(row.id), (n) => n === 0)).toBe(0);
    expect(await db().$count(workItems, eq(workItems.ownerId, 'U0LEFT'))).toBe(0);
  });

  it('a schedule whose channel is gone is paused with a note; the card still reaches its owner', async () => {
    const user = 'U0SCHED9';
    t.slack.setUser(user, { tz: 'Asia/Kolkata' });
    await (await delegateCommand(t, 'daily 7:00 research: into the void', user, 'C0GONE')).reply();
    const row = await scheduleOf(user);
    t.slack.failNext('chat.postMessage', { error: 'channel_not_found' }, 1, (b) => b.channel === 'C0GONE');
    await fire(row.id);
    await waitForCard(t, (c) => c.body.channel === user);
    const paused = await eventually(() => scheduleOf(user), (s) => s.state === 'paused');
    expect(paused.pausedReason).toContain('channel_not_found');
    expect(await eventually(() => jobsFor(row.id), (n) => n === 0)).toBe(0);
  });
});

describe('start-up reconciliation', () => {
  it('recreates a missing job and removes one whose schedule is gone', async () => {
    await schedule('U0SCHEDA', 'weekly mon 9:00 research: plan');
    const kept = await scheduleOf('U0SCHEDA');
    await schedule('U0SCHEDB', 'weekly tue 9:00 research: gone');
    const gone = await scheduleOf('U0SCHEDB');
    await db().execute(sql`delete from agenda_jobs where data->>'scheduleId' = ${kept.id}`);
    await db().delete(schedules).where(eq(schedules.id, gone.id));
    await t.stop();
    t = await startTestApp({ database, modelReply: validArtifactFor });
    expect(await jobsFor(kept.id)).toBe(1);
    expect(await jobsFor(gone.id)).toBe(0);
  });
});
