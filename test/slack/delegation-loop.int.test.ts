import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { artifacts, auditEvents, rejectedOutputs, workItems } from '../../db/schema';
import { ACTIONS, INPUTS, VIEWS } from '../../src/views/slack-ids';
import { research } from '../../specs/research';
import { buildMaximal, buildResearch } from '../specs/builders';
import { violationsIn } from '../support/block-kit-limits';
import { injectionsIn } from '../support/injection-sweep';
import {
  CHANNEL,
  OWNER,
  buttonsOf,
  click,
  delegateCommand,
  eventually,
  itemRow,
  quiet,
  refOf,
  submitView,
  validArtifactFor,
  waitForCard,
  settle,
} from '../support/scenario';
import { buildAppHomeOpened, buildMessageImEvent, postSigned, sendEvent } from '../support/slack-requests';
import { startTestApp, type TestApp } from '../support/test-app';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});
afterEach(async () => {
  await settle(t);
  // Every payload the app sent during the test stays inside Slack's Block Kit limits.
  expect(violationsIn(t.slack.calls)).toEqual([]);
  expect(injectionsIn(t.slack.calls)).toEqual([]);
  t.slack.reset();
  t.openai.reset();
});

describe('model-written text in the card (issue 8)', () => {
  it('a summary with a broadcast and a forged link reaches chat.postMessage text escaped, not live', async () => {
    t.openai.setDefault({ json: buildResearch({ title: 'Queues', summary: '<!channel> <https://evil.example|click>' }) });
    await delegateCommand(t, 'research: which queue');
    const card = await waitForCard(t, (c) => c.body.channel === CHANNEL);
    expect(card.body.text).toContain('&lt;!channel&gt; &lt;https://evil.example|click&gt;');
    expect(card.body.text).not.toContain('<!channel>');
    expect(card.body.text).not.toContain('<https://evil.example');
  });
});

describe('the loop, for each agent', () => {
  it.each(['research', 'triage', 'summarize'])('%s: /delegate → card → approve', async (agent) => {
    t.openai.setDefault(validArtifactFor);
    const command = await delegateCommand(t, `${agent}: look into the flaky deploys`);

    const ack = await command.reply();
    expect(ack.body.response_type).toBe('ephemeral');
    expect(ack.body.text).toContain(`\`${agent}\` is on it`);

    const card = await waitForCard(t, (c) => c.body.channel === CHANNEL);
    expect(JSON.stringify(card.body.blocks)).toContain(`${agent}@1`);
    expect(buttonsOf(card).map((b) => b.text)).toEqual(['Approve', 'Refine', 'Reject']);
    expect(card.body.text).toBeTruthy();

    const [request] = t.openai.requests;
    expect(request!.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: agent, strict: true } });
    expect(request!.body.messages.at(-1).content).toBe('look into the flaky deploys');

    const ref = refOf(card, ACTIONS.approve);
    expect(ref.version).toBe(1);
    await click(t, ACTIONS.approve, ref, OWNER, card.body.ts);
    const updated = await t.slack.waitFor('chat.update');
    expect(updated.body.ts).toBe((await itemRow(t, ref.itemId)).cardTs);
    expect(JSON.stringify(updated.body.blocks)).toContain(`Approved by <@${OWNER}>`);
    expect(buttonsOf(updated)).toEqual([]);

    const row = await itemRow(t, ref.itemId);
    expect(row).toMatchObject({ status: 'approved', agent, decidedBy: OWNER, currentVersion: 1 });
    const audit = await t.delegate.database.db.select().from(auditEvents).where(eq(auditEvents.workItemId, ref.itemId)).orderBy(asc(auditEvents.id));
    expect(audit.map((a) => `${a.action}:${a.fromStatus ?? '∅'}→${a.toStatus}`)).toEqual([
      'delegate:∅→queued',
      'start_run:queued→running',
      'complete_run:running→awaiting_review',
      'approve:awaiting_review→approved',
    ]);
  });
});

describe('request verification', () => {
  it('rejects a wrong signature and a stale timestamp with 401', async () => {
    const body = 'command=%2Fdelegate&text=help&user_id=U1&channel_id=C1&trigger_id=t';
    const bad = await postSigned(t.target, body, 'application/x-www-form-urlencoded', { signature: 'v0=deadbeef' });
    expect(bad.status).toBe(401);
    const stale = await postSigned(t.target, body, 'application/x-www-form-urlencoded', {
      timestamp: Math.floor(Date.now() / 1000) - 10 * 60,
    });
    expect(stale.status).toBe(401);
    expect(t.slack.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('serves /healthz with the database state', async () => {
    const res = await fetch(`http://127.0.0.1:${t.delegate.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'up' });
  });
});

describe('modal path', () => {
  it('/delegate with no text opens the modal; submitting it delegates', async () => {
    t.openai.setDefault(validArtifactFor);
    await delegateCommand(t, '');
    const opened = await t.slack.waitFor('views.open');
    expect(opened.body.view.callback_id).toBe(VIEWS.delegate);
    expect(opened.body.trigger_id).toBeTruthy();

    const res = await submitView(t, VIEWS.delegate, opened.body.view.private_metadata, {
      [INPUTS.agent.block]: { [INPUTS.agent.action]: { type: 'static_select', selected_option: { value: 'summarize' } } },
      [INPUTS.instructions.block]: { [INPUTS.instructions.action]: { type: 'plain_text_input', value: 'Summarise the retro notes' } },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const confirmation = await t.slack.waitFor('chat.postEphemeral');
    expect(confirmation.body).toMatchObject({ channel: CHANNEL, user: OWNER });
    const card = await waitForCard(t);
    expect(JSON.stringify(card.body.blocks)).toContain('summarize@1');
    const row = await itemRow(t, refOf(card, ACTIONS.approve).itemId);
    expect(row).toMatchObject({ source: 'modal', instructions: 'Summarise the retro notes' });
  });

  it('shows inline errors for an empty submission and creates nothing', async () => {
    const before = await t.delegate.database.db.$count(workItems);
    const res = await submitView(t, VIEWS.delegate, JSON.stringify({ channelId: CHANNEL }), {
      [INPUTS.agent.block]: { [INPUTS.agent.action]: { type: 'static_select', selected_option: null } },
      [INPUTS.instructions.block]: { [INPUTS.instructions.action]: { type: 'plain_text_input', value: '   ' } },
    });
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: { [INPUTS.agent.block]: 'Choose one of the agents.', [INPUTS.instructions.block]: 'Tell the agent what to do.' },
    });
    expect(await t.delegate.database.db.$count(workItems)).toBe(before);
  });
});

describe('DM path', () => {
  it('a DM is a delegation, answered in that DM, with the card there', async () => {
    t.openai.setDefault(validArtifactFor);
    const res = await sendEvent(t.target, buildMessageImEvent({ userId: OWNER, channel: 'D0OWNER', text: 'triage: p95 latency alert on checkout' }));
    expect(res.status).toBe(200);
    const reply = await t.slack.waitFor('chat.postMessage', (c) => c.body.channel === 'D0OWNER' && /is on it/.test(c.body.text));
    expect(reply.body.text).toContain('`triage` is on it');
    const card = await waitForCard(t, (c) => c.body.channel === 'D0OWNER');
    expect(JSON.stringify(card.body.blocks)).toContain('triage@1');
  });

  it('a re-delivered DM event (same message) creates nothing more and is not answered twice', async () => {
    t.openai.setDefault(validArtifactFor);
    const event = buildMessageImEvent({ userId: 'U0RETRY', channel: 'D0RETRY', text: 'research: only once', ts: '1700000200.000100' });
    await sendEvent(t.target, event);
    await sendEvent(t.target, { ...event, event_id: 'Ev-retry' });
    await waitForCard(t, (c) => c.body.channel === 'D0RETRY');
    // Both deliveries were acknowledged before their listeners ran; those listeners have now finished.
    await quiet(t);
    const rows = await t.delegate.database.db.select().from(workItems).where(eq(workItems.ownerId, 'U0RETRY'));
    expect(rows).toHaveLength(1);
    expect(t.slack.callsTo('chat.postMessage').filter((c) => /is on it/.test(c.body.text))).toHaveLength(1);
  });

  it('ignores the bot’s own messages and edits', async () => {
    await sendEvent(t.target, buildMessageImEvent({ userId: 'UBOT', botId: 'BBOT', channel: 'D0OWNER', text: 'research: loop?' }));
    await sendEvent(t.target, buildMessageImEvent({ userId: OWNER, subtype: 'message_changed', channel: 'D0OWNER', text: 'x' }));
    await quiet(t); // whatever the app does with either event, it has done
    expect(t.slack.callsTo('chat.postMessage')).toEqual([]);
  });
});

describe('review', () => {
  it('reject asks for a reason in a modal, then closes the item with it', async () => {
    t.openai.setDefault(validArtifactFor);
    await delegateCommand(t, 'research: pick a queue');
    const card = await waitForCard(t);
    const ref = refOf(card, ACTIONS.reject);

    await click(t, ACTIONS.reject, ref);
    const modal = await t.slack.waitFor('views.open');
    expect(modal.body.view.callback_id).toBe(VIEWS.reject);
    const res = await submitView(t, VIEWS.reject, modal.body.view.private_metadata, {
      [INPUTS.reason.block]: { [INPUTS.reason.action]: { type: 'plain_text_input', value: 'Out of scope for Q1' } },
    });
    expect(res.status).toBe(200);
    const updated = await t.slack.waitFor('chat.update');
    expect(JSON.stringify(updated.body.blocks)).toContain('Rejected by');
    expect(JSON.stringify(updated.body.blocks)).toContain('Out of scope for Q1');
    expect(await itemRow(t, ref.itemId)).toMatchObject({ status: 'rejected', rejectReason: 'Out of scope for Q1' });
  });

  it('refine runs the agent again with the previous artifact and the feedback; v2 replaces the card', async () => {
    t.openai.setDefault(validArtifactFor);
    await delegateCommand(t, 'research: compare pg-boss and Agenda');
    const card = await waitForCard(t);
    const v1 = refOf(card, ACTIONS.refine);

    await click(t, ACTIONS.refine, v1);
    const modal = await t.slack.waitFor('views.open');
    expect(modal.body.view.callback_id).toBe(VIEWS.refine);
    t.openai.setDefault({ json: buildResearch({ title: 'Revised: pg-boss vs Agenda' }) });
    await submitView(t, VIEWS.refine, modal.body.view.private_metadata, {
      [INPUTS.feedback.block]: { [INPUTS.feedback.action]: { type: 'plain_text_input', value: 'Add throughput numbers' } },
    });

    const refining = await t.slack.waitFor('chat.update', (c) => JSON.stringify(c.body.blocks).includes('Refining version 1'));
    expect(buttonsOf(refining)).toEqual([]);
    const v2card = await t.slack.waitFor('chat.update', (c) => refOf.length > 0 && buttonsOf(c).some((b) => b.action_id === ACTIONS.approve));
    const v2 = refOf(v2card, ACTIONS.approve);
    expect(v2).toEqual({ itemId: v1.itemId, version: 2 });
    expect(JSON.stringify(v2card.body.blocks)).toContain('Revised: pg-boss vs Agenda');
    expect(v2card.body.ts).toBe((await itemRow(t, v1.itemId)).cardTs);
    expect(t.slack.callsTo('chat.postMessage').filter((c) => buttonsOf(c).length > 0)).toHaveLength(1);

    const second = t.openai.requests.at(-1)!.body.messages;
    expect(second.at(-2)).toMatchObject({ role: 'assistant' });
    expect(JSON.parse(second.at(-2).content)).toEqual(buildResearch());
    expect(second.at(-1).content).toContain('Add throughput numbers');

    const versions = await t.delegate.database.db.select().from(artifacts).where(eq(artifacts.workItemId, v1.itemId)).orderBy(asc(artifacts.version));
    expect(versions.map((a) => [a.version, a.feedback])).toEqual([
      [1, null],
      [2, 'Add throughput numbers'],
    ]);

    // The old card's v1 button no longer acts.
    await click(t, ACTIONS.approve, v1);
    const stale = await t.slack.waitFor('chat.postEphemeral');
    expect(stale.body.text).toContain('version 1, but version 2 is current');
    expect((await itemRow(t, v1.itemId)).status).toBe('awaiting_review');
  });

  it('someone else clicking gets an ephemeral “only @owner can review this” and nothing changes', async () => {
    t.openai.setDefault(validArtifactFor);
    await delegateCommand(t, 'research: which CI runner');
    const card = await waitForCard(t);
    const ref = refOf(card, ACTIONS.approve);
    for (const action of [ACTIONS.approve, ACTIONS.reject, ACTIONS.refine]) {
      t.slack.reset();
      await click(t, action, ref, 'U0INTRUDER');
      const note = await t.slack.waitFor('chat.postEphemeral');
      expect(note.body).toMatchObject({ user: 'U0INTRUDER', channel: CHANNEL });
      expect(note.body.text).toContain(`Only <@${OWNER}> can review this`);
      expect(t.slack.callsTo('views.open')).toEqual([]);
      expect(t.slack.callsTo('chat.update')).toEqual([]);
    }
    expect((await itemRow(t, ref.itemId)).status).toBe('awaiting_review');
  });
});

// Each scenario below uses its own person, so earlier open items never hit the WIP limit.
describe('model failures', () => {
  it('invalid output gets one repair attempt with the errors, and the repaired artifact is used', async () => {
    t.openai.enqueue({ content: 'Sure! Here is your report: ...' }, { json: buildResearch({ title: 'Repaired' }) });
    await delegateCommand(t, 'research: repair me', 'U0REPAIR');
    const card = await waitForCard(t);
    expect(JSON.stringify(card.body.blocks)).toContain('Repaired');
    const repairRequest = t.openai.requests[1]!.body.messages;
    expect(repairRequest.at(-1).content).toContain('does not match the required schema');
    expect(repairRequest.at(-1).content).toContain('not valid JSON');
    const itemId = refOf(card, ACTIONS.approve).itemId;
    const [artifact] = await t.delegate.database.db.select().from(artifacts).where(eq(artifacts.workItemId, itemId));
    expect(artifact!.repaired).toBe(1);
    const kept = await t.delegate.database.db.select().from(rejectedOutputs).where(eq(rejectedOutputs.workItemId, itemId));
    expect(kept.map((k) => k.raw)).toEqual(['Sure! Here is your report: ...']);
  });

  it('invalid twice → failed card with the reason and Retry; Retry then succeeds', async () => {
    const tooLong = buildResearch({ action_items: [{ description: 'x'.repeat(51), owner: 'Ana', due: '2026-12-01', priority: 'high' }] });
    t.openai.enqueue({ json: tooLong }, { json: { ...tooLong, findings: 'none' } });
    await delegateCommand(t, 'research: fail me', 'U0FAIL');
    const failed = await waitForCard(t, (c) => buttonsOf(c).some((b) => b.action_id === ACTIONS.retry));
    const text = JSON.stringify(failed.body.blocks);
    expect(text).toContain('did not match');
    expect(text).toContain('action_items.0.description');
    expect(buttonsOf(failed).map((b) => b.text)).toEqual(['Retry', 'Cancel']);
    const ref = refOf(failed, ACTIONS.retry);
    expect((await itemRow(t, ref.itemId)).status).toBe('failed');

    t.openai.setDefault(validArtifactFor);
    await click(t, ACTIONS.retry, ref, 'U0FAIL');
    const ready = await t.slack.waitFor('chat.update', (c) => buttonsOf(c).some((b) => b.action_id === ACTIONS.approve));
    expect(refOf(ready, ACTIONS.approve)).toEqual({ itemId: ref.itemId, version: 1 });
  });

  it('Cancel on a failed card closes the item and frees its slot', async () => {
    t.openai.setDefault({ content: 'not json' });
    await delegateCommand(t, 'research: give up on this', 'U0CANCEL');
    const failed = await waitForCard(t, (c) => buttonsOf(c).some((b) => b.action_id === ACTIONS.cancel));
    const ref = refOf(failed, ACTIONS.cancel);
    await click(t, ACTIONS.cancel, ref, 'U0CANCEL');
    const updated = await t.slack.waitFor('chat.update');
    expect(JSON.stringify(updated.body.blocks)).toContain('Cancelled by <@U0CANCEL>');
    expect(buttonsOf(updated)).toEqual([]);
    expect(await itemRow(t, ref.itemId)).toMatchObject({ status: 'cancelled', decidedBy: 'U0CANCEL' });
  });

  it('a model that errors (after the SDK retries) fails the run with a card that says why', async () => {
    t.openai.setDefault({ status: 503, body: { error: { message: 'overloaded', type: 'server_error' } } });
    await delegateCommand(t, 'research: will fail', 'U0DOWN');
    const failed = await waitForCard(t, (c) => buttonsOf(c).some((b) => b.action_id === ACTIONS.retry));
    expect(JSON.stringify(failed.body.blocks)).toContain('answered 503');
    expect(t.openai.requests.length).toBe(3); // first try + the SDK's two retries
  });
});

describe('WIP limit', () => {
  it('20 simultaneous /delegate at 4 of 5 admit exactly one; approving frees a slot', async () => {
    const user = 'U0BUSY';
    t.openai.setDefault(validArtifactFor);
    for (let i = 0; i < 4; i++) await delegateCommand(t, `research: warm-up ${i}`, user);
    await t.slack.waitForCount('chat.postMessage', 4, 20_000);
    t.slack.reset();

    await Promise.all(Array.from({ length: 20 }, (_, i) => delegateCommand(t, `research: burst ${i}`, user)));
    const replies = await t.slack.waitForCount('response_url', 20);
    const accepted = replies.filter((r) => /is on it/.test(r.body.text));
    const refused = replies.filter((r) => /WIP limit \(5 of 5\)/.test(r.body.text));
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(19);
    const open = await t.delegate.database.db.select().from(workItems).where(eq(workItems.ownerId, user));
    expect(open).toHaveLength(5);
    expect(JSON.stringify(refused[0]!.body.blocks)).toContain('warm-up 0'); // the oldest items are named

    const card = await waitForCard(t);
    await click(t, ACTIONS.approve, refOf(card, ACTIONS.approve), user);
    await eventually(() => itemRow(t, refOf(card, ACTIONS.approve).itemId), (r) => r.status === 'approved');
    t.slack.reset();
    const again = await (await delegateCommand(t, 'research: after approval', user)).reply();
    expect(again.body.text).toContain('is on it');
  });

  it('20 simultaneous /delegate from someone new (their row created by the first) admit exactly the limit', async () => {
    const user = 'U0NEWBURST';
    t.openai.setDefault(validArtifactFor);
    t.slack.reset();
    await Promise.all(Array.from({ length: 20 }, (_, i) => delegateCommand(t, `research: first burst ${i}`, user)));
    const replies = await t.slack.waitForCount('response_url', 20);
    expect(replies.filter((r) => /is on it/.test(r.body.text))).toHaveLength(5);
    expect(replies.filter((r) => /WIP limit \(5 of 5\)/.test(r.body.text))).toHaveLength(15);
    expect(await t.delegate.database.db.$count(workItems, eq(workItems.ownerId, user))).toBe(5);
    expect(await t.delegate.database.db.$count(auditEvents, eq(auditEvents.actor, user))).toBe(5);
  });

  it('the modal at the limit shows the refusal inline and keeps the text; nothing is created', async () => {
    await delegateCommand(t, 'limit 1', 'U0MODALWIP');
    t.openai.setDefault(validArtifactFor);
    await delegateCommand(t, 'research: the one allowed', 'U0MODALWIP');
    await waitForCard(t);
    const before = await t.delegate.database.db.$count(workItems);
    const res = await submitView(
      t,
      VIEWS.delegate,
      JSON.stringify({ channelId: CHANNEL }),
      {
        [INPUTS.agent.block]: { [INPUTS.agent.action]: { type: 'static_select', selected_option: { value: 'research' } } },
        [INPUTS.instructions.block]: { [INPUTS.instructions.action]: { type: 'plain_text_input', value: 'one too many' } },
      },
      'U0MODALWIP',
    );
    const body = await res.json();
    expect(body.response_action).toBe('errors');
    expect(body.errors[INPUTS.instructions.block]).toContain("You're at your WIP limit (1 of 1)");
    expect(await t.delegate.database.db.$count(workItems)).toBe(before);
  });

  it('/delegate limit sets a personal limit within 1–50', async () => {
    expect((await (await delegateCommand(t, 'limit 2', 'U0LIMIT')).reply()).body.text).toContain('Your WIP limit is now 2');
    expect((await (await delegateCommand(t, 'limit 99', 'U0LIMIT')).reply()).body.text).toContain('from 1 to 50');
  });
});

describe('commands that create nothing', () => {
  it.each([
    ['an unknown agent', 'poet: a haiku', 'no agent called `poet`'],
    ['oversized instructions', `research: ${'x'.repeat(4001)}`, 'the limit is 4,000'],
    ['help', 'help', 'Delegate work to an agent'],
    ['status', 'status', 'WIP'],
  ])('%s', async (_label, text, expected) => {
    const before = await t.delegate.database.db.$count(workItems);
    const reply = await (await delegateCommand(t, text.slice(0, 5000), 'U0QUIET')).reply();
    expect(JSON.stringify(reply.body)).toContain(expected);
    expect(reply.body.response_type).toBe('ephemeral');
    expect(await t.delegate.database.db.$count(workItems)).toBe(before);
  });

  it('oversized text is handed back so nothing is lost', async () => {
    const long = `research: ${'lorem ipsum '.repeat(400)}`;
    const reply = await (await delegateCommand(t, long, 'U0QUIET')).reply();
    expect(reply.body.text).toContain('lorem ipsum lorem ipsum');
  });

  it('/delegate status lists open items and what each waits for', async () => {
    t.openai.setDefault(validArtifactFor);
    await delegateCommand(t, 'research: status check', 'U0STATUS');
    await waitForCard(t);
    t.slack.reset();
    const reply = await (await delegateCommand(t, 'status', 'U0STATUS')).reply();
    const text = JSON.stringify(reply.body.blocks);
    expect(text).toContain('WIP 1 of 5');
    expect(text).toContain('waiting for *your review* of v1');
  });
});

describe('artifacts at the limits', () => {
  it('a maximal artifact full of markup becomes a card within Slack limits that pings nobody', async () => {
    const hostile = buildMaximal(research.schema, (n) => '<!channel> <https://evil.example|pay> '.repeat(20).slice(0, n));
    t.openai.setDefault({ json: hostile });
    await delegateCommand(t, 'research: the biggest answer there is', 'U0BIG');
    const card = await waitForCard(t);
    const text = JSON.stringify(card.body.blocks);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil');
    expect(text).toContain('&lt;!channel&gt;');
    expect(buttonsOf(card).map((b) => b.text)).toEqual(['Approve', 'Refine', 'Reject']);
    // afterEach checks this card, and every other payload, against Slack's limits.
  });
});

describe('App Home', () => {
  it('app_home_opened publishes the person’s WIP gauge and items waiting for review', async () => {
    t.openai.setDefault(validArtifactFor);
    await delegateCommand(t, 'research: home check', 'U0HOME');
    await waitForCard(t);
    const res = await sendEvent(t.target, buildAppHomeOpened({ userId: 'U0HOME' }));
    expect(res.status).toBe(200);
    const published = await t.slack.waitFor('views.publish', (c) => c.body.user_id === 'U0HOME');
    expect(published.body.view.type).toBe('home');
    const text = JSON.stringify(published.body.view.blocks);
    expect(text).toContain('WIP 1 / 5');
    expect(text).toContain('Needs your review* (1)');
    expect(text).toContain('home check');
  });
});

describe('Slack errors', () => {
  it('when the bot cannot post in the channel, the card goes to the owner’s DM with a note', async () => {
    t.openai.setDefault(validArtifactFor);
    t.slack.failNext('chat.postMessage', { error: 'not_in_channel' }, 1, (body) => body.channel === 'G0PRIVATE');
    await delegateCommand(t, 'research: private channel work', 'U0PRIV', 'G0PRIVATE');
    const card = await waitForCard(t, (c) => c.body.channel === 'U0PRIV');
    expect(JSON.stringify(card.body.blocks)).toContain("I can't post in <#G0PRIVATE>");
    const row = await eventually(() => itemRow(t, refOf(card, ACTIONS.approve).itemId), (r) => r.cardTs !== null);
    expect(row.cardChannelId).toBe('U0PRIV');
  });
});

