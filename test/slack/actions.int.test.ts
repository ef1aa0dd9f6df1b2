import { describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import { auditEvents, itemActions, workItems } from '../../db/schema';
import { ACTIONS, BLOCKS, INPUTS, VIEWS, numberedAction } from '../../src/views/slack-ids';
import { giveUpAction, runAction } from '../../src/use-cases/actions/run';
import { buildActionItem, buildResearch, buildTriage } from '../specs/builders';
import { RUN_ACTION_JOB } from '../../src/jobs/run-action-job';
import { CHANNEL, buttonsOf, click, delegateCommand, eventually, itemRow, jobRows, quiet, refOf, submitView, waitForCard } from '../support/scenario';
import type { SlackCall } from '../support/fake-slack';
import { buildBlockAction, buildSelectAction, sendInteraction } from '../support/slack-requests';
import { useTestApp, type TestApp } from '../support/test-app';

const INCIDENT = 'C0INCIDENT';
const getApp = useTestApp({ env: { INCIDENT_CHANNEL: INCIDENT }, jobs: { repairEveryMs: 1_000 } });

const MEMBERS = [
  { id: 'U0ANA', name: 'ana.lima', display_name: 'Ana', real_name: 'Ana Lima' },
  { id: 'U0SAM', name: 'sam', real_name: 'Sam Okafor' },
  { id: 'U0ONCALL', name: 'payments-oncall', real_name: 'Payments On-call' },
  { id: 'U0GONE', name: 'gone', real_name: 'Gone Person', deleted: true },
];

const research = () =>
  buildResearch({
    action_items: [
      buildActionItem({ description: 'Prototype an Agenda worker', owner: 'Ana' }),
      buildActionItem({ description: 'Write the benchmark', owner: '@sam' }),
      buildActionItem({ description: 'Review the results', owner: 'ana' }),
      buildActionItem({ description: 'Ask legal', owner: 'Mystery Person' }),
    ],
  });

const blocksText = (c: SlackCall) => JSON.stringify(c.body.blocks);
const postsTo = (t: TestApp, channel: string) => t.slack.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);

async function actionRows(t: TestApp, itemId: string) {
  return t.delegate.database.db.select().from(itemActions).where(eq(itemActions.workItemId, itemId)).orderBy(asc(itemActions.version), asc(itemActions.key));
}

/** Delegates as `user` and waits for the card; returns it and its item's ref. */
async function delegateAndWait(t: TestApp, text: string, user: string, reply: unknown) {
  t.slack.setMembers(MEMBERS);
  t.openai.setDefault({ json: reply });
  await delegateCommand(t, text, user);
  const card = await waitForCard(t, (c) => c.body.channel === CHANNEL && blocksText(c).includes(`<@${user}>`));
  return { card, ref: refOf(card, ACTIONS.approve) };
}

async function completed(t: TestApp, itemId: string) {
  return eventually(() => itemRow(t, itemId), (r) => r.status === 'completed', 15_000);
}

describe('publish and assign, end to end', () => {
  it('the card says what approving will do; approve posts, DMs each owner once, and completes with links', async () => {
    const t = getApp();
    const owner = 'U0PUB';
    const { card, ref } = await delegateAndWait(t, 'research to <#C0ENG|eng>: compare queues', owner, research());

    // Before approval: the plan, ticked, and the owner nobody could resolve is named.
    const text = blocksText(card);
    expect(text).toContain('*On approve:* post to <#C0ENG>, DM 2 owners their items');
    const checkboxes = card.body.blocks.find((b: any) => b.block_id === BLOCKS.plan(ref.itemId, 1, 0)).elements[0];
    expect(checkboxes.options.map((o: any) => o.text.text)).toEqual(['DM Ana 2 action items', 'DM @sam 1 action item', 'Post to <#C0ENG>']);
    expect(checkboxes.initial_options).toHaveLength(3);
    expect(text).toContain('“Mystery Person”');
    expect(postsTo(t, 'C0ENG')).toEqual([]);
    expect((await itemRow(t, ref.itemId)).publishChannelId).toBe('C0ENG');

    await click(t, ACTIONS.approve, ref, owner, card.body.ts);
    const row = await completed(t, ref.itemId);
    expect(row).toMatchObject({ decidedBy: owner, autoApproved: false });

    const [published] = postsTo(t, 'C0ENG');
    expect(published!.body.text).toContain('pg-boss vs Agenda');
    expect(blocksText(published!)).toContain(`Shared by <@${owner}>`);
    const [anaDm] = postsTo(t, 'U0ANA');
    expect(blocksText(anaDm!)).toContain('Prototype an Agenda worker');
    expect(blocksText(anaDm!)).toContain('Review the results');
    expect(blocksText(anaDm!)).toContain('Open the card');
    expect(postsTo(t, 'U0SAM')).toHaveLength(1);
    expect(postsTo(t, 'U0ANA')).toHaveLength(1);

    const rows = await actionRows(t, ref.itemId);
    expect(rows.map((r) => [r.key, r.status, r.assigneeId])).toEqual([
      ['assign:U0ANA', 'succeeded', 'U0ANA'],
      ['assign:U0SAM', 'succeeded', 'U0SAM'],
      ['publish:C0ENG', 'succeeded', null],
    ]);
    expect(rows[2]!.result).toMatchObject({ channel: 'C0ENG', permalink: expect.stringContaining('/archives/C0ENG/') });

    const last = await t.slack.waitFor('chat.update', (c) => blocksText(c).includes('completed'));
    expect(blocksText(last)).toMatch(/white_check_mark: Post to <#C0ENG> · <https:\/\/example.slack.com\/archives\/C0ENG\/p\d+\|view>/);
    expect(buttonsOf(last)).toEqual([]);

    const audit = await t.delegate.database.db.select().from(auditEvents).where(eq(auditEvents.workItemId, ref.itemId)).orderBy(asc(auditEvents.id));
    expect(audit.map((a) => `${a.action}:${a.fromStatus}→${a.toStatus}`).slice(-2)).toEqual(['approve:awaiting_review→acting', 'finish_actions:acting→completed']);

    // Ana's Home lists her items, with a link to the DM.
    const anaHome = await t.slack.waitFor('views.publish', (c) => c.body.user_id === 'U0ANA' && JSON.stringify(c.body.view).includes('Assigned to you'), 10_000);
    expect(JSON.stringify(anaHome.body.view)).toContain('*Prototype an Agenda worker*');
    expect(JSON.stringify(anaHome.body.view)).toContain(`from <@${owner}>'s \`research\``);
  });

  it('the member list is read once for a burst of runs while it is fresh (users.list is rate-limited)', async () => {
    const t = getApp();
    t.config.cache.directoryMs = 60_000;
    try {
      const first = await delegateAndWait(t, 'research: queues once', 'U0DIR1', research());
      const second = await delegateAndWait(t, 'research: queues twice', 'U0DIR2', research());
      expect(t.slack.callsTo('users.list')).toHaveLength(1);
      // Both plans still matched the owners from that one read.
      for (const { ref } of [first, second]) {
        expect((await actionRows(t, ref.itemId)).map((r) => r.assigneeId).filter(Boolean)).toEqual(['U0ANA', 'U0SAM']);
      }
    } finally {
      t.config.cache.directoryMs = 0;
    }
  });

  it('unticked actions are skipped on approval and never run', async () => {
    const t = getApp();
    const owner = 'U0UNTICK';
    const { card, ref } = await delegateAndWait(t, 'research to <#C0ENG|eng>: compare queues', owner, research());
    const checkboxes = card.body.blocks.find((b: any) => b.block_id === BLOCKS.plan(ref.itemId, 1, 0)).elements[0];
    const publish = checkboxes.options.find((o: any) => o.text.text.startsWith('Post to')).value;

    await sendInteraction(
      t.target,
      buildSelectAction({ userId: owner, actionId: ACTIONS.selectActions, blockId: BLOCKS.plan(ref.itemId, 1, 0), selectedValues: [publish] }),
    );
    const replanned = await t.slack.waitFor('chat.update', (c) => blocksText(c).includes('"*On approve:* post to <#C0ENG>"'));
    expect(blocksText(replanned)).not.toContain('DM 2 owners');

    await click(t, ACTIONS.approve, ref, owner, card.body.ts);
    await completed(t, ref.itemId);
    expect(postsTo(t, 'C0ENG')).toHaveLength(1);
    expect(postsTo(t, 'U0ANA')).toEqual([]);
    expect(postsTo(t, 'U0SAM')).toEqual([]);
    expect((await actionRows(t, ref.itemId)).map((r) => [r.key, r.selected, r.status])).toEqual([
      ['assign:U0ANA', false, 'skipped'],
      ['assign:U0SAM', false, 'skipped'],
      ['publish:C0ENG', true, 'succeeded'],
    ]);
  });

  it('someone else cannot untick the owner’s actions', async () => {
    const t = getApp();
    const owner = 'U0NOTYOURS';
    const { ref } = await delegateAndWait(t, 'research to <#C0ENG|eng>: compare queues', owner, research());
    await sendInteraction(t.target, buildSelectAction({ userId: 'U0INTRUDER', actionId: ACTIONS.selectActions, blockId: BLOCKS.plan(ref.itemId, 1, 0), selectedValues: [] }));
    const note = await t.slack.waitFor('chat.postEphemeral');
    expect(note.body).toMatchObject({ user: 'U0INTRUDER' });
    expect(note.body.text).toContain(`Only <@${owner}>`);
    expect((await actionRows(t, ref.itemId)).every((r) => r.selected)).toBe(true);
  });

  it('a publish channel can be chosen on the card; it replaces the planned post', async () => {
    const t = getApp();
    const owner = 'U0PICK';
    const { card, ref } = await delegateAndWait(t, 'research: compare queues', owner, buildResearch({ action_items: [] }));
    expect(blocksText(card)).toContain('nothing else happens');
    await sendInteraction(t.target, buildSelectAction({ userId: owner, actionId: ACTIONS.publishTo, blockId: BLOCKS.publishTo(ref.itemId, 1), selectedChannel: 'C0PICK' }));
    await t.slack.waitFor('chat.update', (c) => blocksText(c).includes('*On approve:* post to <#C0PICK>'));
    await sendInteraction(t.target, buildSelectAction({ userId: owner, actionId: ACTIONS.publishTo, blockId: BLOCKS.publishTo(ref.itemId, 1), selectedChannel: 'C0PICK2' }));
    await t.slack.waitFor('chat.update', (c) => blocksText(c).includes('*On approve:* post to <#C0PICK2>'));

    await click(t, ACTIONS.approve, ref, owner, card.body.ts);
    await completed(t, ref.itemId);
    expect(postsTo(t, 'C0PICK')).toEqual([]);
    expect(postsTo(t, 'C0PICK2')).toHaveLength(1);
  });

  it('the delegate modal takes an optional channel to publish to', async () => {
    const t = getApp();
    const owner = 'U0MODAL';
    t.openai.setDefault({ json: buildResearch({ action_items: [] }) });
    await delegateCommand(t, '', owner);
    const opened = await t.slack.waitFor('views.open');
    const input = opened.body.view.blocks.find((b: any) => b.block_id === INPUTS.publishTo.block);
    expect(input).toMatchObject({ optional: true, element: { type: 'channels_select', action_id: INPUTS.publishTo.action } });
    await submitView(t, VIEWS.delegate, opened.body.view.private_metadata, {
      [INPUTS.agent.block]: { [INPUTS.agent.action]: { type: 'static_select', selected_option: { value: 'research' } } },
      [INPUTS.instructions.block]: { [INPUTS.instructions.action]: { type: 'plain_text_input', value: 'compare queues' } },
      [INPUTS.publishTo.block]: { [INPUTS.publishTo.action]: { type: 'channels_select', selected_channel: 'C0MODAL' } },
    }, owner);
    const card = await waitForCard(t, (c) => blocksText(c).includes(`<@${owner}>`));
    expect(blocksText(card)).toContain('*On approve:* post to <#C0MODAL>');
    await click(t, ACTIONS.approve, refOf(card, ACTIONS.approve), owner);
    await completed(t, refOf(card, ACTIONS.approve).itemId);
    expect(postsTo(t, 'C0MODAL')).toHaveLength(1);
  });

  it('with nothing to do, approval is a plain approval', async () => {
    const t = getApp();
    const owner = 'U0PLAIN';
    const { card, ref } = await delegateAndWait(t, 'research: compare queues', owner, buildResearch({ action_items: [] }));
    await click(t, ACTIONS.approve, ref, owner, card.body.ts);
    await eventually(() => itemRow(t, ref.itemId), (r) => r.status === 'approved');
    expect(await actionRows(t, ref.itemId)).toEqual([]);
  });
  it('when the member list cannot be read, the owner is told why nobody can be DMed', async () => {
    const t = getApp();
    const owner = 'U0NODIR';
    t.slack.failNext('users.list', { error: 'missing_scope' });
    const { card } = await delegateAndWait(t, 'research: compare queues', owner, research());
    expect(blocksText(card)).toContain('“Ana”');
    const told = await t.slack.waitFor('chat.postEphemeral', (c) => c.body.user === owner);
    expect(told.body.text).toContain("couldn't read the workspace's member list");
    expect(told.body.text).toContain('`missing_scope`');
  });
});

describe('escalate (triage)', () => {
  it('posts to the incident channel and DMs the escalation target and the owners of next steps', async () => {
    const t = getApp();
    const owner = 'U0TRIAGE';
    const triage = buildTriage({ escalate_to: 'Payments On-call', next_steps: [buildActionItem({ description: 'Roll back deploy 4512', owner: 'Sam' })] });
    const { card, ref } = await delegateAndWait(t, 'triage: checkout latency', owner, triage);
    expect(blocksText(card)).toContain(`escalate in <#${INCIDENT}>`);
    expect(blocksText(card)).toContain('DM the escalation target');

    await click(t, ACTIONS.approve, ref, owner, card.body.ts);
    await completed(t, ref.itemId);
    const [post] = postsTo(t, INCIDENT);
    expect(blocksText(post!)).toContain('Escalated by');
    expect(blocksText(post!)).toContain('Payments On-call');
    expect(blocksText(postsTo(t, 'U0ONCALL')[0]!)).toContain('escalated this to you');
    expect(blocksText(postsTo(t, 'U0SAM')[0]!)).toContain('Roll back deploy 4512');
    expect((await actionRows(t, ref.itemId)).map((r) => r.key)).toEqual(['assign:U0SAM', `escalate:dm:U0ONCALL`, `escalate:post:${INCIDENT}`]);
  });

  it('an escalation target that is not a member is said so on the card, and only the channel is posted', async () => {
    const t = getApp();
    const owner = 'U0TRIAGE2';
    const { card, ref } = await delegateAndWait(t, 'triage: disk full', owner, buildTriage({ escalate_to: 'the payments team', next_steps: [buildActionItem({ owner: 'Gone Person' })] }));
    expect(blocksText(card)).toContain('“the payments team” is not a Slack member I can DM');
    expect(blocksText(card)).toContain('“Gone Person”');
    await click(t, ACTIONS.approve, ref, owner, card.body.ts);
    await completed(t, ref.itemId);
    expect(postsTo(t, INCIDENT)).toHaveLength(1);
    expect(postsTo(t, 'U0GONE')).toEqual([]);
  });
});

describe('failures', () => {
  it('a failed action says why and offers Retry for that action alone', async () => {
    const t = getApp();
    const owner = 'U0FAIL';
    const { card, ref } = await delegateAndWait(t, 'research to <#C0PRIVATE|private>: compare queues', owner, research());
    t.slack.failNext('chat.postMessage', { error: 'not_in_channel' }, 1, (b) => b.channel === 'C0PRIVATE');

    await click(t, ACTIONS.approve, ref, owner, card.body.ts);
    await completed(t, ref.itemId);
    const failedCard = await t.slack.waitFor('chat.update', (c) => buttonsOf(c).some((b) => b.text === 'Retry the post'));
    expect(blocksText(failedCard)).toContain("I'm not a member of <#C0PRIVATE>");
    expect(buttonsOf(failedCard).map((b) => b.text)).toEqual(['Retry the post', 'Skip the post']);
    expect(postsTo(t, 'U0ANA')).toHaveLength(1);

    const retry = buttonsOf(failedCard).find((b) => b.text === 'Retry the post')!;
    expect(retry.action_id).toBe(numberedAction(ACTIONS.retryAction, 0));
    await sendInteraction(t.target, buildBlockAction({ userId: owner, actionId: retry.action_id, value: retry.value }));
    await eventually(() => actionRows(t, ref.itemId), (rows) => rows.every((r) => r.status === 'succeeded'));
    expect(postsTo(t, 'C0PRIVATE')).toHaveLength(2); // the refused one and the retry
    expect(postsTo(t, 'U0ANA')).toHaveLength(1); // the others did not run again
    const fixed = await t.slack.waitFor('chat.update', (c) => blocksText(c).includes('white_check_mark: Post to <#C0PRIVATE>'));
    expect(buttonsOf(fixed)).toEqual([]);
  });

  it('a rate-limited post fails at once with Retry instead of waiting past its claim', async () => {
    const t = getApp();
    const owner = 'U0RATE';
    const { card, ref } = await delegateAndWait(t, 'research to <#C0RATE|rate>: compare queues', owner, buildResearch({ action_items: [] }));
    t.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 1, (b) => b.channel === 'C0RATE');
    await click(t, ACTIONS.approve, ref, owner, card.body.ts);
    const failedCard = await t.slack.waitFor('chat.update', (c) => buttonsOf(c).some((b) => b.text === 'Retry the post'));
    expect(blocksText(failedCard)).toContain('Slack is rate-limiting me right now');
    expect((await actionRows(t, ref.itemId)).map((r) => r.status)).toEqual(['failed']);
    // Nothing left to run or running (a retry of the post, in-line or as a job, would be): no post of its own accord.
    await quiet(t);
    expect(postsTo(t, 'C0RATE')).toHaveLength(1);
  });

  it('a post whose success cannot be recorded is not shown as failed (its Retry would post twice)', async () => {
    const t = getApp();
    const owner = 'U0DBERR';
    const { card, ref } = await delegateAndWait(t, 'research to <#C0DBERR|dberr>: compare queues', owner, buildResearch({ action_items: [] }));
    // A real database error, only on recording this row's success.
    const db = t.delegate.database.db;
    await db.execute(sql`create function refuse_success() returns trigger language plpgsql as $$
      begin if new.status = 'succeeded' and new.key = 'publish:C0DBERR' then raise exception 'disk full'; end if; return new; end $$`);
    await db.execute(sql`create trigger refuse_success before update on item_actions for each row execute function refuse_success()`);
    try {
      await click(t, ACTIONS.approve, ref, owner, card.body.ts);
      await t.slack.waitFor('chat.postMessage', (c) => c.body.channel === 'C0DBERR');
      // The in-line retries of the write are over: the action's job has ended, failed by the write.
      const [action] = await actionRows(t, ref.itemId);
      await eventually(() => jobRows(t, RUN_ACTION_JOB, { actionId: action!.id }), (rows) => rows.some((r) => r.failReason !== null && !r.locked));
      const [row] = await actionRows(t, ref.itemId);
      expect(row).toMatchObject({ status: 'running', error: null });
      expect(t.slack.callsTo('chat.update').some((c) => buttonsOf(c).some((b) => b.text === 'Retry the post'))).toBe(false);
      expect(postsTo(t, 'C0DBERR')).toHaveLength(1);
    } finally {
      await db.execute(sql`drop trigger refuse_success on item_actions`);
      await db.execute(sql`drop function refuse_success()`);
    }
  });

  it('Skip gives up on a failed action; only the owner may retry or skip', async () => {
    const t = getApp();
    const owner = 'U0SKIP';
    const { card, ref } = await delegateAndWait(t, 'research to <#C0GONE|gone>: compare queues', owner, buildResearch({ action_items: [] }));
    t.slack.failNext('chat.postMessage', { error: 'channel_not_found' }, 1, (b) => b.channel === 'C0GONE');
    await click(t, ACTIONS.approve, ref, owner, card.body.ts);
    const failedCard = await t.slack.waitFor('chat.update', (c) => buttonsOf(c).some((b) => b.text === 'Skip the post'));
    expect(blocksText(failedCard)).toContain("<#C0GONE> doesn't exist or I can't see it");
    const skip = buttonsOf(failedCard).find((b) => b.text === 'Skip the post')!;

    await sendInteraction(t.target, buildBlockAction({ userId: 'U0INTRUDER', actionId: skip.action_id, value: skip.value }));
    expect((await t.slack.waitFor('chat.postEphemeral')).body.text).toContain(`Only <@${owner}>`);

    await sendInteraction(t.target, buildBlockAction({ userId: owner, actionId: skip.action_id, value: skip.value }));
    await eventually(() => actionRows(t, ref.itemId), (rows) => rows[0]!.status === 'skipped');
    expect(postsTo(t, 'C0GONE')).toHaveLength(1);
  });
});

describe('idempotency and fail-closed', () => {
  it('a re-delivered job, or the same job twice at once, posts once', async () => {
    const t = getApp();
    const owner = 'U0TWICE';
    const { card, ref } = await delegateAndWait(t, 'research to <#C0ONCE|once>: compare queues', owner, buildResearch({ action_items: [] }));
    await click(t, ACTIONS.approve, ref, owner, card.body.ts);
    await completed(t, ref.itemId);
    const [row] = await actionRows(t, ref.itemId);
    expect(postsTo(t, 'C0ONCE')).toHaveLength(1);

    // The same job delivered again: by the queue, and by calling the job's function.
    await t.delegate.deps.actions.enqueueAction({ actionId: row!.id, runSeq: row!.runSeq });
    expect(await runAction(t.delegate.deps, { actionId: row!.id, runSeq: row!.runSeq }, t.config.jobs)).toBe('skipped');

    // A fresh execution delivered twice at the same moment: one claim wins.
    await t.delegate.database.db
      .update(itemActions)
      .set({ status: 'queued', runSeq: sql`${itemActions.runSeq} + 1` })
      .where(eq(itemActions.id, row!.id));
    const outcomes = await Promise.all([0, 1].map(() => runAction(t.delegate.deps, { actionId: row!.id, runSeq: row!.runSeq + 1 }, t.config.jobs)));
    expect(outcomes.filter((o) => o === 'succeeded')).toHaveLength(1);
    await quiet(t); // the re-delivered job, had it been queued, has run too
    expect(postsTo(t, 'C0ONCE')).toHaveLength(2); // the first run and exactly one of the two duplicates
  });

  it('an execution stranded by a crash, or whose worker died, is queued again by the repair sweep; one the queue gave up on fails with Retry', async () => {
    const t = getApp();
    const owner = 'U0CRASH';
    const { card, ref } = await delegateAndWait(t, 'research to <#C0CRASH|crash>: compare queues', owner, buildResearch({ action_items: [] }));
    await click(t, ACTIONS.approve, ref, owner, card.body.ts);
    await completed(t, ref.itemId);
    const [row] = await actionRows(t, ref.itemId);

    // As if the process died after approving, before the job was saved: the repair sweep queues it again.
    await t.delegate.database.db
      .update(itemActions)
      .set({ status: 'queued', runSeq: row!.runSeq + 1, updatedAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(itemActions.id, row!.id));
    await eventually(() => actionRows(t, ref.itemId), (rows) => rows[0]!.status === 'succeeded' && rows[0]!.runSeq === row!.runSeq + 1);
    expect(postsTo(t, 'C0CRASH')).toHaveLength(2);

    // A worker died while posting: its claim stopped being renewed and expired.
    await t.delegate.database.db
      .update(itemActions)
      .set({ status: 'running', runSeq: row!.runSeq + 2, claimedAt: new Date(Date.now() - 10 * 60_000), updatedAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(itemActions.id, row!.id));
    await eventually(() => actionRows(t, ref.itemId), (rows) => rows[0]!.status === 'succeeded' && rows[0]!.runSeq === row!.runSeq + 2);
    expect(postsTo(t, 'C0CRASH')).toHaveLength(3);

    // The queue gave up on an execution (database away too long): visible, with Retry.
    await t.delegate.database.db.update(itemActions).set({ status: 'queued', runSeq: row!.runSeq + 3 }).where(eq(itemActions.id, row!.id));
    await giveUpAction(t.delegate.deps, { actionId: row!.id, runSeq: row!.runSeq + 3 }, 'connection refused');
    const [failed] = await actionRows(t, ref.itemId);
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('connection refused') });
    await t.slack.waitFor('chat.update', (c) => buttonsOf(c).some((b) => b.text === 'Retry the post'));
  });

  it('an item left acting after its last action was recorded (its worker died before rolling it up) is completed by the repair sweep', async () => {
    const t = getApp();
    const owner = 'U0ROLLUP';
    const { card, ref } = await delegateAndWait(t, 'research to <#C0ROLL|roll>: compare queues', owner, buildResearch({ action_items: [] }));
    await click(t, ACTIONS.approve, ref, owner, card.body.ts);
    await completed(t, ref.itemId);
    // As the process leaves it when killed between recording the post and completing the item.
    await t.delegate.database.db
      .update(workItems)
      .set({ status: 'acting', completedAt: null, updatedAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(workItems.id, ref.itemId));
    await completed(t, ref.itemId);
    expect(postsTo(t, 'C0ROLL')).toHaveLength(1);
  });

  it('actions never run before approval, nor for a superseded version', async () => {
    const t = getApp();
    const owner = 'U0REFINE';
    const { card, ref } = await delegateAndWait(t, 'research to <#C0V1|v1>: compare queues', owner, research());
    const v1Rows = await actionRows(t, ref.itemId);
    expect(v1Rows.map((r) => r.status)).toEqual(['planned', 'planned', 'planned']);

    // Refine: version 2 gets its own plan, and needs its own approval.
    await click(t, ACTIONS.refine, refOf(card, ACTIONS.refine), owner, card.body.ts);
    const modal = await t.slack.waitFor('views.open');
    t.openai.setDefault({ json: buildResearch({ title: 'Revised', action_items: [buildActionItem({ owner: 'Sam' })] }) });
    await submitView(t, VIEWS.refine, modal.body.view.private_metadata, {
      [INPUTS.feedback.block]: { [INPUTS.feedback.action]: { type: 'plain_text_input', value: 'Only Sam' } },
    }, owner);
    const v2card = await t.slack.waitFor('chat.update', (c) => buttonsOf(c).some((b) => b.action_id === ACTIONS.approve) && blocksText(c).includes('Revised'));
    expect(refOf(v2card, ACTIONS.approve).version).toBe(2);
    expect(postsTo(t, 'C0V1')).toEqual([]);
    expect(postsTo(t, 'U0ANA')).toEqual([]);

    await click(t, ACTIONS.approve, refOf(v2card, ACTIONS.approve), owner, card.body.ts);
    await completed(t, ref.itemId);

    // Fail closed: a v1 row that somehow got queued is not executed, even though the item is
    // now past approval (so only the version check stands in its way).
    await t.delegate.database.db
      .update(itemActions)
      .set({ status: 'queued', runSeq: 1 })
      .where(and(eq(itemActions.workItemId, ref.itemId), eq(itemActions.version, 1), eq(itemActions.key, 'assign:U0ANA')));
    const forced = (await actionRows(t, ref.itemId)).find((r) => r.key === 'assign:U0ANA' && r.version === 1)!;
    expect(forced.status).toBe('queued');
    expect(await runAction(t.delegate.deps, { actionId: forced.id, runSeq: 1 }, t.config.jobs)).toBe('superseded');

    const rows = await actionRows(t, ref.itemId);
    expect(rows.filter((r) => r.version === 2).map((r) => [r.key, r.status])).toEqual([
      ['assign:U0SAM', 'succeeded'],
      ['publish:C0V1', 'succeeded'],
    ]);
    expect(rows.filter((r) => r.version === 1).map((r) => r.status).sort()).toEqual(['planned', 'planned', 'skipped']);
    expect(postsTo(t, 'U0ANA')).toEqual([]);
    expect(postsTo(t, 'C0V1')).toHaveLength(1);
    const published = postsTo(t, 'C0V1')[0]!;
    expect(blocksText(published)).toContain('Revised');
    expect(blocksText(published)).toContain('v2');
  });
});
