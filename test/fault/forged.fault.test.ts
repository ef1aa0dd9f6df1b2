import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { artifacts, auditEvents, itemActions, specVersions, workItems } from '../../db/schema';
import { ACTIONS, BLOCKS, INPUTS, VIEWS, numberedAction, type ItemRef } from '../../src/views/slack-ids';
import { buildResearch } from '../specs/builders';
import { unexpectedExits } from '../support/child-app';
import { useFaultApp } from '../support/fault-app';
import { type SlackCall } from '../support/fake-slack';
import { buttonsOf, refOf } from '../support/scenario';
import { buildBlockAction, buildSelectAction, buildViewSubmission, postSigned, sendCommand, sendInteraction, sign } from '../support/slack-requests';

/**
 * Signed but malicious interactions: another person's item in a button value, tampered
 * versions and ids, edited modal metadata, a replayed submission; and unsigned ones (a bad
 * signature, a stale timestamp, a body changed after signing). Each is refused, the person
 * is told privately where the app answers at all, and nothing changes: the child's database
 * (items, versions, audit trail, plan, spec versions), model calls, cards and modals.
 */
const ALICE = 'U0ALICE';
const MALLORY = 'U0MALLORY';
const CHANNEL = 'C0ALICE';
const valid = { json: buildResearch({ action_items: [] }) };

const f = useFaultApp({ model: valid });

const isCardCall = (c: SlackCall) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && buttonsOf(c).length > 0;

/** Everything a forged request could change, as the child's database and the fakes see it. */
async function everything() {
  const all = <T>(rows: T[]) => rows;
  const [items, audit, versions, plan, specs] = await Promise.all([
    f.db.all(workItems, all),
    f.db.all(auditEvents, all),
    f.db.all(artifacts, all),
    f.db.all(itemActions, all),
    f.db.all(specVersions, all),
  ]);
  return {
    items: items.map((r) => `${r.id} ${r.ownerId} ${r.status} v${r.currentVersion} run${r.runSeq} ${r.updatedAt.toISOString()} ${r.publishChannelId}`).sort(),
    audit: audit.length,
    versions: versions.length,
    plan: plan.map((a) => `${a.id} ${a.status} ${a.selected} ${JSON.stringify(a.params)}`).sort(),
    specVersions: specs.length,
    modelCalls: f.openai.requests.length,
    cards: f.slack.calls.filter(isCardCall).length,
    modals: f.slack.callsTo('views.open').length,
  };
}

/** A private message to `user`: an ephemeral, or a DM when there is no channel to answer in. */
const toldPrivately = (user: string, text: RegExp, after: number) =>
  f.slack.calls.find(
    (c, i) =>
      i >= after &&
      ((c.method === 'chat.postEphemeral' && c.body.user === user) || (c.method === 'chat.postMessage' && c.body.channel === user)) &&
      text.test(String(c.body.text)),
  );

/**
 * Sends a forged request; waits for the app's answer to the person (its last step), then
 * checks nothing changed. Returns how long the HTTP answer took.
 */
async function refused(send: () => Promise<Response>, user: string, text: RegExp, status = 200): Promise<number> {
  const before = await everything();
  const after = f.slack.calls.length;
  const sent = Date.now();
  const res = await send();
  const answeredMs = Date.now() - sent;
  expect(res.status).toBe(status);
  await expect.poll(() => toldPrivately(user, text, after), { timeout: 15_000, interval: 50 }).toBeDefined();
  expect(await everything()).toEqual(before);
  return answeredMs;
}

const click = (user: string, actionId: string, value: string) =>
  sendInteraction(f.app.target, buildBlockAction({ userId: user, actionId, value, channelId: CHANNEL, responseUrl: f.slack.responseUrl() }));
const refValue = (ref: ItemRef | { itemId: string; version: unknown }) => JSON.stringify(ref);
const feedback = (text: string, asRule = false) => ({
  [INPUTS.feedback.block]: { [INPUTS.feedback.action]: { type: 'plain_text_input', value: text } },
  ...(asRule ? { [INPUTS.refineAsRule.block]: { [INPUTS.refineAsRule.action]: { type: 'checkboxes', selected_options: [{ value: 'rule' }] } } } : {}),
});
const reason = (text: string) => ({ [INPUTS.reason.block]: { [INPUTS.reason.action]: { type: 'plain_text_input', value: text } } });
const submit = (user: string, callbackId: string, privateMetadata: string, values: Record<string, Record<string, object>>) =>
  sendInteraction(f.app.target, buildViewSubmission({ userId: user, callbackId, privateMetadata, values }));

async function cardFor(text: string) {
  const res = await sendCommand(f.app.target, { text, user_id: ALICE, channel_id: CHANNEL, response_url: f.slack.responseUrl() });
  expect(res.status).toBe(200);
  const instructions = text.replace(/^.*?: /, '');
  const rows = await f.db.items((all) => all.some((r) => r.instructions === instructions && r.status === 'awaiting_review' && r.cardTs !== null));
  const item = rows.find((r) => r.instructions === instructions)!;
  const card = await f.slack.waitFor('chat.postMessage', (c) => buttonsOf(c).some((b) => b.value.includes(item.id)));
  // The card's Home refresh is published (debounced) after it: let it land, so it is not taken for an effect of what follows.
  await f.slack.waitFor('views.publish', (c) => c.body.user_id === ALICE && c.at >= card.at, 15_000);
  return { item, card };
}

let first: Awaited<ReturnType<typeof cardFor>>;

describe('forged interactions', () => {
  it('another person’s item in a button value or block id: every card control refuses, nothing changes', { timeout: 90_000 }, async () => {
    first = await cardFor('research to <#C0APUB|pub>: forged clicks');
    const ref = refOf(first.card, ACTIONS.approve);
    const onlyAlice = /Only <@U0ALICE> can review this\. Nothing changed\./;
    for (const actionId of [ACTIONS.approve, ACTIONS.refine, ACTIONS.reject, ACTIONS.retry, ACTIONS.cancel]) {
      await refused(() => click(MALLORY, actionId, refValue(ref)), MALLORY, onlyAlice);
    }
    await refused(() => click(MALLORY, ACTIONS.promote, refValue(ref)), MALLORY, /Only <@U0ALICE> can decide how much their agents may do/);
    const [publish] = await f.db.all(itemActions, (rows) => rows.filter((r) => r.workItemId === first.item.id).length > 0 && rows);
    const planOnly = /Only <@U0ALICE> can decide what this item does\. Nothing changed\./;
    await refused(
      () => sendInteraction(f.app.target, buildSelectAction({ userId: MALLORY, actionId: ACTIONS.selectActions, blockId: BLOCKS.plan(first.item.id, 1, 0), selectedValues: [], channelId: CHANNEL })),
      MALLORY,
      planOnly,
    );
    await refused(
      () => sendInteraction(f.app.target, buildSelectAction({ userId: MALLORY, actionId: ACTIONS.publishTo, blockId: BLOCKS.publishTo(first.item.id, 1), selectedChannel: 'C0EVIL', channelId: CHANNEL })),
      MALLORY,
      planOnly,
    );
    await refused(() => click(MALLORY, numberedAction(ACTIONS.retryAction, 0), JSON.stringify({ actionId: publish!.id })), MALLORY, planOnly);
    console.log('[fault] forged: 9 controls clicked by someone else on an item not theirs: 9 refused privately, 0 changes');
  });

  it('tampered versions and ids in a button value: refused, nothing changes', async () => {
    const { itemId } = refOf(first.card, ACTIONS.approve);
    await refused(() => click(ALICE, ACTIONS.approve, refValue({ itemId, version: 2 })), ALICE, /This button is for version 2, but version 1 is current/);
    await refused(() => click(ALICE, ACTIONS.approve, refValue({ itemId, version: 0 })), ALICE, /This button is for version 0, but version 1 is current/);
    await refused(() => click(ALICE, ACTIONS.approve, refValue({ itemId, version: -1 })), ALICE, /That button could not be read.*Nothing changed/);
    await refused(() => click(ALICE, ACTIONS.approve, refValue({ itemId, version: '1' })), ALICE, /That button could not be read/);
    await refused(() => click(ALICE, ACTIONS.approve, refValue({ itemId: randomUUID(), version: 1 })), ALICE, /That item no longer exists/);
    await refused(() => click(ALICE, ACTIONS.approve, refValue({ itemId: `${itemId}' or 1=1`, version: 1 })), ALICE, /That button could not be read/);
    await refused(() => click(ALICE, ACTIONS.approve, 'not json'), ALICE, /That button could not be read/);
    console.log('[fault] forged: 7 tampered button values (versions 2, 0, -1, "1"; an unknown, a non-uuid and a non-JSON value) refused privately, 0 changes');
  });

  it('edited private_metadata on the refine and reject modals: refused, nothing changes', async () => {
    const ref = refOf(first.card, ACTIONS.approve);
    const meta = JSON.stringify(ref);
    const onlyAlice = /Only <@U0ALICE> can review this\. Nothing changed\./;
    // Another person's item, with "Make this a rule" ticked: no rule is made for anyone either.
    await refused(() => submit(MALLORY, VIEWS.refine, meta, feedback('make it worse', true)), MALLORY, onlyAlice);
    await refused(() => submit(MALLORY, VIEWS.reject, meta, reason('not mine to reject')), MALLORY, onlyAlice);
    await refused(() => submit(ALICE, VIEWS.reject, JSON.stringify({ itemId: randomUUID(), version: 1 }), reason('gone')), ALICE, /That item no longer exists/);
    await refused(() => submit(ALICE, VIEWS.refine, JSON.stringify({ ...ref, version: 7 }), feedback('later')), ALICE, /This button is for version 7, but version 1 is current/);
    const unreadable = [
      await refused(() => submit(ALICE, VIEWS.refine, 'not json', feedback('anything')), ALICE, /That form is out of date; nothing changed/),
      await refused(() => submit(ALICE, VIEWS.reject, '', reason('anything')), ALICE, /That form is out of date; nothing changed/),
    ];
    console.log(`[fault] forged: 6 edited modal metadata (another's item, with and without a rule; an unknown item; version 7; not JSON; empty) refused privately, 0 changes; the unreadable ones answered in ${unreadable.join(' and ')} ms`);
    // An unanswered submission gets Bolt's 404 after 3 s, which Slack shows as a connection error.
    for (const ms of unreadable) expect(ms).toBeLessThan(3_000);
  });

  it('a replayed view_submission: refine once, reject once (replays during and after refused)', { timeout: 60_000 }, async () => {
    const ref = refOf(first.card, ACTIONS.approve);
    // Refine from the real modal, with the run held in the model call while the replay arrives.
    let release!: () => void;
    f.openai.enqueue({ until: new Promise<void>((r) => (release = r)), then: valid });
    const calls = f.openai.requests.length;
    expect((await click(ALICE, ACTIONS.refine, refValue(ref))).status).toBe(200);
    const modal = await f.slack.waitFor('views.open', (c) => c.body.view?.callback_id === VIEWS.refine);
    const refine = buildViewSubmission({ userId: ALICE, callbackId: VIEWS.refine, privateMetadata: modal.body.view.private_metadata, values: feedback('shorter, please', true) });
    expect((await sendInteraction(f.app.target, refine)).status).toBe(200);
    await f.openai.waitForRequests(calls + 1, 15_000);
    await f.db.items((rows) => rows.some((r) => r.id === ref.itemId && r.status === 'refining'));
    await refused(() => sendInteraction(f.app.target, refine), ALICE, /This item is already refining, so it can't be refined\. Nothing changed\./);
    release();
    const v2 = await f.slack.waitFor('chat.update', (c) => c.body.ts === first.item.cardTs && buttonsOf(c).some((b) => b.action_id === ACTIONS.approve && b.value.includes('"version":2')), 30_000);
    await f.db.items((rows) => rows.some((r) => r.id === ref.itemId && r.status === 'awaiting_review' && r.currentVersion === 2));
    await refused(() => sendInteraction(f.app.target, refine), ALICE, /This button is for version 1, but version 2 is current/);
    await refused(() => click(ALICE, ACTIONS.approve, refValue(ref)), ALICE, /This button is for version 1, but version 2 is current/);
    expect(f.openai.requests.length).toBe(calls + 1);
    expect(await f.db.all(specVersions, (rows) => rows)).toHaveLength(1); // the one rule, made once

    // Reject v2 from the real modal, the submission sent twice at once.
    const audit = (await f.db.all(auditEvents, (rows) => rows)).length;
    expect((await click(ALICE, ACTIONS.reject, buttonsOf(v2).find((b) => b.action_id === ACTIONS.reject)!.value)).status).toBe(200);
    const rejectModal = await f.slack.waitFor('views.open', (c) => c.body.view?.callback_id === VIEWS.reject);
    const reject = buildViewSubmission({ userId: ALICE, callbackId: VIEWS.reject, privateMetadata: rejectModal.body.view.private_metadata, values: reason('not needed') });
    const after = f.slack.calls.length;
    const answers = await Promise.all([sendInteraction(f.app.target, reject), sendInteraction(f.app.target, reject)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    await expect.poll(() => toldPrivately(ALICE, /This item is already rejected, so it can't be rejected\. Nothing changed\./, after), { timeout: 15_000, interval: 50 }).toBeDefined();
    const events = await f.db.all(auditEvents, (rows) => rows.length > audit && rows);
    expect(events.filter((e) => e.workItemId === ref.itemId && e.action === 'reject')).toHaveLength(1);
    expect(events).toHaveLength(audit + 1);
    console.log('[fault] forged: a refine submission replayed while refining and after v2, a reject submission sent twice at once: 1 refine (1 model call, 1 rule), 1 rejection');
  });

  it('a bad signature, a stale timestamp, a body changed after signing: 401, and nothing happens until the genuine request', async () => {
    const { item, card } = await cardFor('research: signed approvals only');
    const body = new URLSearchParams({ payload: JSON.stringify(buildBlockAction({ userId: ALICE, actionId: ACTIONS.approve, value: refValue(refOf(card, ACTIONS.approve)), channelId: CHANNEL })) }).toString();
    const form = 'application/x-www-form-urlencoded';
    const before = await everything();
    const calls = f.slack.calls.length;
    const answers = [
      await postSigned(f.app.target, body, form, { signature: `v0=${'0'.repeat(64)}` }),
      await postSigned(f.app.target, body, form, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 }),
      await fetch(f.app.target.url, { method: 'POST', headers: { 'content-type': form, ...sign(f.app.target.signingSecret, body.replace('approve', 'cancel')) }, body }),
      await fetch(f.app.target.url, { method: 'POST', headers: { 'content-type': form }, body }),
    ];
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(f.slack.calls.slice(calls)).toEqual([]);
    expect(await everything()).toEqual(before);
    // The same request, signed, twice at once (a replay): one approves, and only because a forged one did not.
    const audit = before.audit;
    const signed = await Promise.all([postSigned(f.app.target, body, form), postSigned(f.app.target, body, form)]);
    expect(signed.map((r) => r.status)).toEqual([200, 200]);
    await expect.poll(() => toldPrivately(ALICE, /This item is already approved, so it can't be approved\. Nothing changed\./, calls), { timeout: 15_000, interval: 50 }).toBeDefined();
    const rows = await f.db.items((all) => all.some((r) => r.id === item.id && r.status !== 'awaiting_review'));
    expect(rows.find((r) => r.id === item.id)!.status).toBe('approved');
    const events = await f.db.all(auditEvents, (all) => all.length > audit && all);
    expect(events.filter((e) => e.workItemId === item.id && e.action === 'approve')).toHaveLength(1);
    console.log('[fault] forged: 4 unsigned or mis-signed approvals answered 401 with no effect; the genuine one, sent twice at once, approved once');
    expect(unexpectedExits(f.app)).toEqual([]);
  });
});
