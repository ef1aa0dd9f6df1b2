import { describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { agentTrust, auditEvents, itemActions, schedules, workItems } from '../../db/schema';
import { ACTIONS, BLOCKS } from '../../src/views/slack-ids';
import { buildActionItem, buildResearch } from '../specs/builders';
import { CHANNEL, buttonsOf, click, delegateCommand, eventually, itemRow, refOf, waitForCard } from '../support/scenario';
import type { SlackCall } from '../support/fake-slack';
import { buildSelectAction, sendInteraction } from '../support/slack-requests';
import { useTestApp, type TestApp } from '../support/test-app';

const getApp = useTestApp({ env: { TRUST_PROMOTE_AFTER: '2' }, modelReply: { json: buildResearch({ action_items: [] }) } });

const PROMOTE_TEXT = 'Let research act without asking next time?';
const blocksText = (c: SlackCall) => JSON.stringify(c.body.blocks);
const mine = (c: SlackCall, owner: string) => blocksText(c).includes(`Asked by <@${owner}>`);
const postsTo = (t: TestApp, channel: string) => t.slack.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);

async function trustRow(t: TestApp, userId: string) {
  const [row] = await t.delegate.database.db.select().from(agentTrust).where(and(eq(agentTrust.userId, userId), eq(agentTrust.agent, 'research')));
  return row;
}

/**
 * Delegates and waits for this item's first card (by its position among the posts), once the
 * app has also stored where the card lives: a click before that finds no card to update, and
 * the approval posts a new card instead (a person cannot click that fast; a test can).
 */
async function cardFor(t: TestApp, text: string, user: string) {
  const before = t.slack.callsTo('chat.postMessage').length;
  await delegateCommand(t, text, user);
  return waitForCard(t, (c) => t.slack.callsTo('chat.postMessage').indexOf(c) >= before && c.body.channel === CHANNEL && blocksText(c).includes(`Asked by <@${user}>`));
}

async function approveAndWait(t: TestApp, user: string, card: SlackCall) {
  const ref = refOf(card, ACTIONS.approve);
  await click(t, ACTIONS.approve, ref, user, card.body.ts);
  const row = await eventually(() => itemRow(t, ref.itemId), (r) => r.status === 'approved' || r.status === 'completed');
  return t.slack.waitFor('chat.update', (c) => c.body.ts === row.cardTs && /Approved by/.test(blocksText(c)));
}

describe('earning the act level', () => {
  it('promotion is offered after N approvals in a row, and applied only on the click', async () => {
    const t = getApp();
    const owner = 'U0EARN';
    const first = await approveAndWait(t, owner, await cardFor(t, 'research: one', owner));
    expect(buttonsOf(first).map((b) => b.text)).not.toContain(PROMOTE_TEXT);

    const second = await approveAndWait(t, owner, await cardFor(t, 'research: two', owner));
    const offer = buttonsOf(second).find((b) => b.text === PROMOTE_TEXT);
    expect(offer?.action_id).toBe(ACTIONS.promote);
    expect(await trustRow(t, owner)).toMatchObject({ level: 'propose', streak: 2 }); // offered, not applied

    // Someone else cannot promote the owner's agent.
    await click(t, ACTIONS.promote, refOf(second, ACTIONS.promote), 'U0INTRUDER');
    expect((await t.slack.waitFor('chat.postEphemeral', (c) => c.body.user === 'U0INTRUDER')).body.text).toContain(`Only <@${owner}>`);
    expect((await trustRow(t, owner))!.level).toBe('propose');

    await click(t, ACTIONS.promote, refOf(second, ACTIONS.promote), owner);
    const told = await t.slack.waitFor('chat.postEphemeral', (c) => c.body.user === owner);
    expect(told.body.text).toContain('`research` will act without asking you from now on');
    expect(await trustRow(t, owner)).toMatchObject({ level: 'act' });
    const refreshed = await t.slack.waitFor('chat.update', (c) => c.body.ts === second.body.ts && !buttonsOf(c).some((b) => b.text === PROMOTE_TEXT));
    expect(buttonsOf(refreshed)).toEqual([]);
  });

  it('a refine breaks the streak, so nothing is offered', async () => {
    const t = getApp();
    const owner = 'U0STREAK';
    await t.delegate.database.db.insert(agentTrust).values({ userId: owner, agent: 'research', level: 'propose', streak: 0, refines: 1 });
    const first = await approveAndWait(t, owner, await cardFor(t, 'research: one', owner));
    expect(buttonsOf(first).map((b) => b.text)).not.toContain(PROMOTE_TEXT);
  });
});

describe('the act level', () => {
  async function actingOwner(t: TestApp, owner: string) {
    await t.delegate.database.db.insert(agentTrust).values({ userId: owner, agent: 'research', level: 'act', streak: 5, approvals: 5 });
  }

  it('runs the actions at once; the card is an FYI with Undo; everything is still recorded and counted', async () => {
    const t = getApp();
    const owner = 'U0ACTS';
    await actingOwner(t, owner);
    const card = await cardFor(t, 'research to <#C0FYI|fyi>: compare queues', owner);
    const ref = refOf(card, ACTIONS.undo);
    expect(blocksText(card)).toContain('Approved automatically');
    expect(blocksText(card)).toContain('acted without asking');
    expect(buttonsOf(card).map((b) => b.text)).toEqual(['Undo']);

    const row = await eventually(() => itemRow(t, ref.itemId), (r) => r.status === 'completed');
    expect(row).toMatchObject({ autoApproved: true, decidedBy: owner });
    expect(postsTo(t, 'C0FYI')).toHaveLength(1); // nobody clicked anything
    const audit = await t.delegate.database.db.select().from(auditEvents).where(eq(auditEvents.workItemId, ref.itemId)).orderBy(asc(auditEvents.id));
    expect(audit.map((a) => `${a.action}:${a.fromStatus ?? '∅'}→${a.toStatus}`)).toEqual([
      'delegate:∅→queued',
      'start_run:queued→running',
      'complete_run:running→acting',
      'finish_actions:acting→completed',
    ]);
    expect(audit[2]!.detail).toMatchObject({ version: 1, auto: true, actions: 1 });
    expect(await trustRow(t, owner)).toMatchObject({ level: 'act', approvals: 6, streak: 6 });
  });

  it('Undo deletes what was posted, brings it back for review, and demotes the agent, saying so', async () => {
    const t = getApp();
    const owner = 'U0UNDO';
    await actingOwner(t, owner);
    const card = await cardFor(t, 'research to <#C0OOPS|oops>: compare queues', owner);
    const ref = refOf(card, ACTIONS.undo);
    await eventually(() => itemRow(t, ref.itemId), (r) => r.status === 'completed');
    expect(postsTo(t, 'C0OOPS')).toHaveLength(1);

    await click(t, ACTIONS.undo, ref, owner, card.body.ts);
    const deleted = await t.slack.waitFor('chat.delete');
    expect(deleted.body).toMatchObject({ channel: 'C0OOPS' });
    const told = await t.slack.waitFor('chat.postEphemeral', (c) => String(c.body.text).includes('`research` now proposes'));
    expect(told.body.text).toContain('because you undid what it did');

    expect(await itemRow(t, ref.itemId)).toMatchObject({ status: 'awaiting_review', autoApproved: false, currentVersion: 1 });
    expect(await trustRow(t, owner)).toMatchObject({ level: 'propose', streak: 0, undos: 1 });
    const [action] = await t.delegate.database.db.select().from(itemActions).where(eq(itemActions.workItemId, ref.itemId));
    expect(action!.status).toBe('undone');
    expect(action!.result).toMatchObject({ channel: 'C0OOPS', ts: deleted.body.ts });
    const review = await t.slack.waitFor('chat.update', (c) => mine(c, owner) && buttonsOf(c).some((b) => b.action_id === ACTIONS.approve));
    expect(blocksText(review)).toContain('*On approve:* post to <#C0OOPS>');

    // Approving it now is an ordinary approval: the post goes out again.
    await click(t, ACTIONS.approve, refOf(review, ACTIONS.approve), owner, card.body.ts);
    await eventually(() => itemRow(t, ref.itemId), (r) => r.status === 'completed' && !r.autoApproved);
    expect(postsTo(t, 'C0OOPS')).toHaveLength(2);
  });

  it('Undo takes assigned items off the assignee’s Home', async () => {
    const t = getApp();
    const owner = 'U0UNASSIGN';
    await actingOwner(t, owner);
    t.slack.setMembers([{ id: 'U0ANA', name: 'ana', real_name: 'Ana Lima' }]);
    t.openai.setDefault({ json: buildResearch({ action_items: [buildActionItem({ description: 'Benchmark the workers', owner: 'Ana' })] }) });
    try {
      const card = await cardFor(t, 'research: compare queues', owner);
      const ref = refOf(card, ACTIONS.undo);
      await eventually(() => itemRow(t, ref.itemId), (r) => r.status === 'completed');
      const anaHome = (c: SlackCall) => c.body.user_id === 'U0ANA';
      await t.slack.waitFor('views.publish', (c) => anaHome(c) && JSON.stringify(c.body.view).includes('Benchmark the workers'), 10_000);
      const before = t.slack.calls.length;

      await click(t, ACTIONS.undo, ref, owner, card.body.ts);
      await t.slack.waitFor('chat.delete', (c) => c.body.channel === 'U0ANA');
      const after = await t.slack.waitFor('views.publish', (c) => t.slack.calls.indexOf(c) >= before && anaHome(c), 10_000);
      expect(JSON.stringify(after.body.view)).not.toContain('Benchmark the workers');
    } finally {
      t.openai.setDefault({ json: buildResearch({ action_items: [] }) });
    }
  });

  it('an automatic approval frees the WIP slot and starts a scheduled run that was waiting for it', async () => {
    const t = getApp();
    const owner = 'U0DEFER';
    await actingOwner(t, owner);
    await delegateCommand(t, 'limit 1', owner);
    await (await delegateCommand(t, 'daily 7:00 research: the news', owner)).reply();
    const db = t.delegate.database.db;
    // As if it fell due while the owner's one slot was taken (the run below holds it until it is approved).
    const [waiting] = await db.update(schedules).set({ deferredSince: new Date(), deferredCount: 1 }).where(eq(schedules.ownerId, owner)).returning();
    expect(waiting).toBeDefined();

    const card = await cardFor(t, 'research: compare queues', owner);
    await eventually(() => itemRow(t, refOf(card, ACTIONS.undo).itemId), (r) => r.status === 'approved' && r.autoApproved);
    const started = await eventually(() => db.select().from(workItems).where(eq(workItems.scheduleId, waiting!.id)), (rows) => rows.length === 1);
    expect(started[0]!.ownerId).toBe(owner);
    await eventually(async () => (await db.select().from(schedules).where(eq(schedules.id, waiting!.id)))[0]!, (s) => s.deferredSince === null && s.deferredCount === 0);
  });

  it('after an Undo, choosing another channel replaces the undone post: approving posts once, to the new channel', async () => {
    const t = getApp();
    const owner = 'U0MOVE';
    await actingOwner(t, owner);
    const card = await cardFor(t, 'research to <#C0FIRST|first>: compare queues', owner);
    const ref = refOf(card, ACTIONS.undo);
    await eventually(() => itemRow(t, ref.itemId), (r) => r.status === 'completed');
    await click(t, ACTIONS.undo, ref, owner, card.body.ts);
    await eventually(() => itemRow(t, ref.itemId), (r) => r.status === 'awaiting_review');

    await sendInteraction(t.target, buildSelectAction({ userId: owner, actionId: ACTIONS.publishTo, blockId: BLOCKS.publishTo(ref.itemId, 1), selectedChannel: 'C0SECOND' }));
    const review = await t.slack.waitFor('chat.update', (c) => mine(c, owner) && blocksText(c).includes('*On approve:* post to <#C0SECOND>'));
    expect(blocksText(review)).not.toContain('<#C0FIRST>');
    await click(t, ACTIONS.approve, refOf(review, ACTIONS.approve), owner, card.body.ts);
    await eventually(() => itemRow(t, ref.itemId), (r) => r.status === 'completed' && !r.autoApproved);
    expect(postsTo(t, 'C0FIRST')).toHaveLength(1); // the automatic one, deleted by the undo
    expect(postsTo(t, 'C0SECOND')).toHaveLength(1);
    const rows = await t.delegate.database.db.select().from(itemActions).where(eq(itemActions.workItemId, ref.itemId));
    expect(rows.map((r) => [r.key, r.status])).toEqual([['publish:C0SECOND', 'succeeded']]);
  });

  it('Undo while a post is still in flight: the late post is deleted and approving again posts once more', async () => {
    const t = getApp();
    const owner = 'U0INFLIGHT';
    await actingOwner(t, owner);
    t.slack.delayNext('chat.postMessage', 2_000, (b) => b.channel === 'C0SLOW');
    const card = await cardFor(t, 'research to <#C0SLOW|slow>: compare queues', owner);
    const ref = refOf(card, ACTIONS.undo);
    const actionOf = async () => (await t.delegate.database.db.select().from(itemActions).where(eq(itemActions.workItemId, ref.itemId)))[0]!;
    await eventually(actionOf, (a) => a.status === 'running');

    await click(t, ACTIONS.undo, ref, owner, card.body.ts);
    await eventually(() => itemRow(t, ref.itemId), (r) => r.status === 'awaiting_review');
    // The post lands after the undo: nothing tracks it, so it is taken back.
    const deleted = await t.slack.waitFor('chat.delete', (c) => c.body.channel === 'C0SLOW', 10_000);
    expect(postsTo(t, 'C0SLOW')).toHaveLength(1);
    expect(await actionOf()).toMatchObject({ status: 'planned', result: null });

    const review = await t.slack.waitFor('chat.update', (c) => mine(c, owner) && buttonsOf(c).some((b) => b.action_id === ACTIONS.approve));
    await click(t, ACTIONS.approve, refOf(review, ACTIONS.approve), owner, card.body.ts);
    await eventually(() => itemRow(t, ref.itemId), (r) => r.status === 'completed');
    expect(postsTo(t, 'C0SLOW')).toHaveLength(2);
    expect(t.slack.callsTo('chat.delete')).toEqual([deleted]);
    expect((await actionOf()).result).toMatchObject({ channel: 'C0SLOW' });
  });

  it('after the undo window, Undo is refused and nothing changes', async () => {
    const t = getApp();
    const owner = 'U0LATE';
    await actingOwner(t, owner);
    const card = await cardFor(t, 'research to <#C0LATE|late>: compare queues', owner);
    const ref = refOf(card, ACTIONS.undo);
    await eventually(() => itemRow(t, ref.itemId), (r) => r.status === 'completed');
    await t.delegate.database.db.update(workItems).set({ decidedAt: new Date(Date.now() - 11 * 60_000) }).where(eq(workItems.id, ref.itemId));
    await click(t, ACTIONS.undo, ref, owner, card.body.ts);
    const note = await t.slack.waitFor('chat.postEphemeral', (c) => c.body.user === owner);
    expect(note.body.text).toContain('The undo window has passed');
    expect(t.slack.callsTo('chat.delete')).toEqual([]);
    expect(await itemRow(t, ref.itemId)).toMatchObject({ status: 'completed', autoApproved: true });
    expect((await trustRow(t, owner))!.level).toBe('act');
  });

  it('an approval made by a person cannot be undone', async () => {
    const t = getApp();
    const owner = 'U0NOUNDO';
    const mine = await cardFor(t, 'research: plain', owner);
    const ref = refOf(mine, ACTIONS.approve);
    await approveAndWait(t, owner, mine);
    await click(t, ACTIONS.undo, ref, owner, mine.body.ts);
    const note = await t.slack.waitFor('chat.postEphemeral', (c) => c.body.user === owner);
    expect(note.body.text).toContain("can't be undone");
    expect((await itemRow(t, ref.itemId)).status).toBe('approved');
  });
});

describe('the observe level', () => {
  it('offers no actions and runs none', async () => {
    const t = getApp();
    const owner = 'U0WATCH';
    await t.delegate.database.db.insert(agentTrust).values({ userId: owner, agent: 'research', level: 'observe' });
    const card = await cardFor(t, 'research to <#C0SILENT|silent>: compare queues', owner);
    expect(blocksText(card)).toContain('research only observes for you, so no actions are offered');
    expect(card.body.blocks.some((b: any) => b.type === 'actions' && b.elements.some((e: any) => e.type === 'checkboxes' || e.type === 'channels_select'))).toBe(false);
    const ref = refOf(card, ACTIONS.approve);
    await approveAndWait(t, owner, card);
    expect((await itemRow(t, ref.itemId)).status).toBe('approved');
    expect(postsTo(t, 'C0SILENT')).toEqual([]);
  });
});
