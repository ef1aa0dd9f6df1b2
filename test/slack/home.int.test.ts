import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { people } from '../../db/schema';
import { DIGEST_JOB } from '../../src/jobs/digest-job';
import { ACTIONS, HOME_ACTIONS, INPUTS, VIEWS } from '../../src/views/slack-ids';
import { publishHome } from '../../src/use-cases/home';
import { delegateCommand, eventually, itemRow, quiet, refOf, validArtifactFor, waitForCard } from '../support/scenario';
import { buildAppHomeOpened, buildBlockAction, buildViewSubmission, sendEvent, sendInteraction } from '../support/slack-requests';
import { useTestApp, type TestApp } from '../support/test-app';

const app = useTestApp({ modelReply: validArtifactFor });
let t: TestApp;
beforeEach(() => {
  t = app();
});

const db = () => t.delegate.database.db;
const homeView = { id: 'V0HOME', type: 'home', blocks: [] };
const clickOnHome = (user: string, actionId: string, value: string) =>
  sendInteraction(t.target, buildBlockAction({ userId: user, actionId, value, view: homeView }));
const publishesFor = (user: string) => t.slack.callsTo('views.publish').filter((c) => c.body.user_id === user);

describe('App Home', () => {
  it('someone who never used the app sees a welcome with three examples, and Settings', async () => {
    await sendEvent(t.target, buildAppHomeOpened({ userId: 'U0NEWBIE' }));
    const published = await t.slack.waitFor('views.publish', (c) => c.body.user_id === 'U0NEWBIE');
    expect(JSON.stringify(published.body.view.blocks)).toContain('Welcome to Delegate');
    const settings = published.body.view.blocks.map((b: any) => b.accessory).find((a: any) => a?.action_id === HOME_ACTIONS.settings);
    expect(settings).toMatchObject({ type: 'button', text: { text: 'Settings' } });

    // Before the first delegation: the form opens with the defaults.
    await clickOnHome('U0NEWBIE', HOME_ACTIONS.settings, settings.value);
    const modal = await t.slack.waitFor('views.open');
    expect(modal.body.view.callback_id).toBe(VIEWS.settings);
    expect(JSON.stringify(modal.body.view.blocks)).toContain(`"initial_value":"${t.config.wipLimit}"`);
  });

  it('approving from Home updates both the channel card and Home', async () => {
    const user = 'U0HOMEAPP';
    await delegateCommand(t, 'research: approve me from home', user);
    const card = await waitForCard(t);
    const ref = refOf(card, ACTIONS.approve);
    t.slack.reset();
    await clickOnHome(user, ACTIONS.approve, JSON.stringify(ref));
    const updated = await t.slack.waitFor('chat.update');
    expect(updated.body.ts).toBe((await itemRow(t, ref.itemId)).cardTs);
    expect(JSON.stringify(updated.body.blocks)).toContain('Approved by');
    const home = await t.slack.waitFor('views.publish', (c) => c.body.user_id === user && JSON.stringify(c.body.view.blocks).includes('Recently completed* (7 days, 1)'));
    expect(JSON.stringify(home.body.view.blocks)).toContain('*Needs your review*: none');
  });

  it('someone else acting from their Home on another person’s item is refused; nothing changes', async () => {
    await delegateCommand(t, 'research: mine only', 'U0OWNS');
    const ref = refOf(await waitForCard(t), ACTIONS.approve);
    t.slack.reset();
    await clickOnHome('U0SNOOP', ACTIONS.approve, JSON.stringify(ref));
    const note = await t.slack.waitFor('chat.postMessage', (c) => c.body.channel === 'U0SNOOP');
    expect(note.body.text).toContain('Only <@U0OWNS> can review this');
    expect((await itemRow(t, ref.itemId)).status).toBe('awaiting_review');
  });

  it('a burst of changes publishes Home once', async () => {
    const user = 'U0BURSTY';
    await delegateCommand(t, 'limit 3', user);
    await Promise.all(Array.from({ length: 10 }, () => t.delegate.deps.home.refresh(user)));
    await t.slack.waitFor('views.publish', (c) => c.body.user_id === user);
    // The publish job has completed and nothing is due or in hand: a second publish would be by now.
    await quiet(t);
    expect(publishesFor(user)).toHaveLength(1);
  });

  it('Home-publish race: a change requested while a publish is in flight is still published', async () => {
    const user = 'U0RACER';
    await delegateCommand(t, 'limit 3', user);
    await quiet(t);
    const held = t.slack.holdNext('views.publish', (b) => b.user_id === user);
    await t.delegate.deps.home.refresh(user);
    // The publish has read the items and waits on Slack; a change commits and asks for a refresh.
    const inFlight = await held.arrived;
    expect(JSON.stringify(inFlight.body.view.blocks)).toContain('WIP 0 / 3');
    await db().update(people).set({ wipLimit: 9 }).where(eq(people.userId, user));
    await t.delegate.deps.home.refresh(user);
    held.release();
    const later = await t.slack.waitFor('views.publish', (c) => c.body.user_id === user && JSON.stringify(c.body.view.blocks).includes('WIP 0 / 9'));
    expect(later).toBeTruthy();
    await quiet(t);
    expect(publishesFor(user)).toHaveLength(2);
  });

  it('settings: invalid fields get inline errors; valid ones are saved, the digest re-timed and Home redrawn', async () => {
    const user = 'U0SETTINGS';
    t.slack.setUser(user, { tz: 'Europe/Berlin' });
    await delegateCommand(t, 'research: so I have a person row', user);
    await waitForCard(t);
    t.slack.reset();
    await clickOnHome(user, HOME_ACTIONS.settings, 'settings');
    const modal = await t.slack.waitFor('views.open');
    expect(modal.body.view.callback_id).toBe(VIEWS.settings);

    const values = (limit: string, stale: string) => ({
      [INPUTS.limit.block]: { [INPUTS.limit.action]: { type: 'plain_text_input', value: limit } },
      [INPUTS.digestTime.block]: { [INPUTS.digestTime.action]: { type: 'timepicker', selected_time: '07:30' } },
      [INPUTS.digestDays.block]: { [INPUTS.digestDays.action]: { type: 'static_select', selected_option: { value: 'daily' } } },
      [INPUTS.digestChannel.block]: { [INPUTS.digestChannel.action]: { type: 'channels_select', selected_channel: 'C0DIGEST' } },
      [INPUTS.staleHours.block]: { [INPUTS.staleHours.action]: { type: 'plain_text_input', value: stale } },
      [INPUTS.retroWeekly.block]: { [INPUTS.retroWeekly.action]: { type: 'checkboxes', selected_options: [{ value: 'weekly' }] } },
    });
    const bad = await sendInteraction(t.target, buildViewSubmission({ userId: user, callbackId: VIEWS.settings, privateMetadata: '', values: values('0', 'soon') }));
    expect(await bad.json()).toEqual({
      response_action: 'errors',
      errors: { [INPUTS.limit.block]: 'A whole number from 1 to 50.', [INPUTS.staleHours.block]: 'Hours from 1 to 720.' },
    });

    const good = await sendInteraction(t.target, buildViewSubmission({ userId: user, callbackId: VIEWS.settings, privateMetadata: '', values: values('7', '48') }));
    expect(await good.text()).toBe('');
    const saved = await eventually(async () => (await db().select().from(people).where(eq(people.userId, user)))[0]!, (p) => p.wipLimit === 7);
    expect(saved).toMatchObject({ wipLimit: 7, digestTime: '07:30', digestDays: 'daily', digestChannel: 'C0DIGEST', staleHours: 48, retroWeekly: true });
    const digestCron = async () =>
      (await db().execute<{ repeat_interval: string }>(sql`select repeat_interval from agenda_jobs where name = ${DIGEST_JOB} and data->>'userId' = ${user}`)).rows[0]?.repeat_interval;
    expect(await eventually(digestCron, (cron) => cron === '30 7 * * *')).toBe('30 7 * * *');
    const home = await t.slack.waitFor('views.publish', (c) => c.body.user_id === user && JSON.stringify(c.body.view.blocks).includes('WIP 1 / 7'));
    expect(home).toBeTruthy();
  });

  it('renders for a person with 10,000 historical items: ≤ 100 blocks, with “Show 10 more”', async () => {
    const user = 'U0HISTORY';
    await delegateCommand(t, 'research: seed', user);
    await waitForCard(t);
    await db().execute(sql`
      insert into work_items (owner_id, agent, instructions, source, channel_id, status, decided_by, decided_at, created_at, updated_at)
      select ${user}, 'research', 'old question ' || g, 'command', 'C0CHAN', 'approved', ${user},
             now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval - interval '1 hour', now() - (g || ' minutes')::interval
      from generate_series(1, 10000) g`);
    const t0 = performance.now();
    await publishHome(t.delegate.deps, user);
    const ms = performance.now() - t0;
    const view = publishesFor(user).at(-1)!.body.view;
    console.log(`Home for 10,000 historical items: built and published in ${ms.toFixed(0)} ms, ${view.blocks.length} blocks`);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const more = view.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements : [])).find((e: any) => e.action_id === HOME_ACTIONS.more);
    expect(more).toBeTruthy();
    expect(JSON.stringify(view.blocks)).toContain('Recently completed* (7 days, 10000)');

    t.slack.reset();
    await clickOnHome(user, HOME_ACTIONS.more, more.value);
    const wider = await t.slack.waitFor('views.publish', (c) => c.body.user_id === user);
    expect(JSON.stringify(wider.body.view.blocks).match(/old question/g)!.length).toBe(20);
  });
});
