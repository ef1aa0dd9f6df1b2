import { describe, expect, it } from 'vitest';
import { rejectedOutputs } from '../../db/schema';
import { MODEL_MAX_RETRIES } from '../../src/agents/model-client';
import { ACTIONS } from '../../src/views/slack-ids';
import { buildResearch } from '../specs/builders';
import { unexpectedExits } from '../support/child-app';
import { useFaultApp } from '../support/fault-app';
import { type ChatRequest, type Reply } from '../support/fake-openai';
import { buttonsOf, refOf } from '../support/scenario';
import { buildBlockAction, sendCommand, sendInteraction } from '../support/slack-requests';

/**
 * 100 delegations against a model that misbehaves on 30 of them, chosen by a seeded draw:
 * replies held past the client's timeout, HTTP 500s, answers that are not JSON, and JSON of
 * the wrong shape. Half of the faults are transient (the first request only), half persist.
 * Every item must end decided: a card for review, or failed with a card that offers Retry.
 */
const TIMEOUT_MS = 2_000;
const COUNT = 100;
const FAULTS = 30;
const SEED = 0x5eed_0008;
const KINDS = ['timeout', 'http500', 'invalid_json', 'wrong_schema'] as const;
type Kind = (typeof KINDS)[number];
interface Plan {
  n: number;
  user: string;
  fault?: { kind: Kind; persistent: boolean };
}

/** mulberry32: a small seeded generator, so the draw is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function drawPlans(): Plan[] {
  const random = seeded(SEED);
  const order = Array.from({ length: COUNT }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const faulty = new Set(order.slice(0, FAULTS));
  // 25 people with 4 items each: inside the default WIP limit of 5.
  return Array.from({ length: COUNT }, (_, n) => ({
    n,
    user: `U0MF${String(Math.floor(n / 4)).padStart(2, '0')}`,
    ...(faulty.has(n) ? { fault: { kind: KINDS[Math.floor(random() * KINDS.length)]!, persistent: random() < 0.5 } } : {}),
  }));
}

const plans = drawPlans();
const numberOf = (req: ChatRequest) => Number(/model fault #(\d+)$/.exec(String(req.body.messages?.[1]?.content ?? ''))?.[1] ?? -1);
const valid: Reply = { json: buildResearch({ action_items: [] }) };

function faultReply(kind: Kind): Reply {
  switch (kind) {
    case 'timeout':
      return { delayMs: TIMEOUT_MS + 1_000, then: valid };
    case 'http500':
      return { status: 500, body: { error: { message: 'fake model outage', type: 'server_error', code: null } } };
    case 'invalid_json':
      return { content: 'not json' };
    case 'wrong_schema':
      return { json: { title: 'Only a title' } };
  }
}

/** Model requests each item is expected to cost, given its fault. */
function expectedRequests(plan: Plan): number {
  if (!plan.fault) return 1;
  if (!plan.fault.persistent) return 2; // the SDK's retry, or the one repair request
  return plan.fault.kind === 'timeout' || plan.fault.kind === 'http500' ? 1 + MODEL_MAX_RETRIES : 2;
}

let recovered = false;
const f = useFaultApp({ env: { OPENAI_TIMEOUT_MS: String(TIMEOUT_MS) }, model: (req) => {
    const plan = plans[numberOf(req)];
    if (!plan) return { status: 400, body: { error: { message: 'unexpected request', type: 'invalid_request_error' } } };
    const attempt = f.openai.requests.filter((r) => numberOf(r) === plan.n).length;
    return plan.fault && !recovered && (plan.fault.persistent || attempt === 1) ? faultReply(plan.fault.kind) : valid;
  } });

/** Card posts and updates that carry buttons for this item, in order. */
const cardCalls = (itemId: string) =>
  f.slack.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && !c.failed && buttonsOf(c).some((b) => b.value.includes(itemId)));

describe('the model misbehaves on 30 of 100 delegations', () => {
  it('every item ends decided: a card for review, or failed with a card offering Retry', { timeout: 180_000 }, async () => {
    const started = Date.now();
    for (let i = 0; i < plans.length; i += 10) {
      const acks = await Promise.all(
        plans.slice(i, i + 10).map((p) =>
          sendCommand(f.app.target, { text: `research: model fault #${p.n}`, user_id: p.user, channel_id: `C${p.user.slice(1)}`, response_url: f.slack.responseUrl() }),
        ),
      );
      for (const ack of acks) expect(ack.status).toBe(200);
    }
    const rows = await f.db.items(
      (all) => all.length === COUNT && all.every((r) => r.cardTs !== null && (r.status === 'awaiting_review' || r.status === 'failed')),
      150_000,
    );
    const settledMs = Date.now() - started;

    const byNumber = new Map(rows.map((r) => [Number(/#(\d+)$/.exec(r.instructions)![1]), r]));
    const lines: string[] = [];
    for (const kind of KINDS) {
      for (const persistent of [false, true]) {
        const group = plans.filter((p) => p.fault?.kind === kind && p.fault.persistent === persistent);
        const cards = group.filter((p) => byNumber.get(p.n)!.status === 'awaiting_review').length;
        lines.push(`  ${kind} (${persistent ? 'every request' : 'first request only'}): ${group.length} items; ${cards} cards, ${group.length - cards} failed with Retry`);
      }
    }
    const cards = rows.filter((r) => r.status === 'awaiting_review').length;
    const failed = rows.filter((r) => r.status === 'failed');
    const withRetry = failed.filter((r) => buttonsOf(cardCalls(r.id).at(-1)!).some((b) => b.action_id === ACTIONS.retry));
    console.log(
      `[fault] model faults on ${FAULTS} of ${COUNT} delegations (seed ${SEED.toString(16)}, timeout ${TIMEOUT_MS} ms): ` +
        `${cards} cards, ${withRetry.length} failed with Retry, 0 stuck; all decided ${settledMs} ms after the first command; ` +
        `${f.openai.requests.length} model requests\n${lines.join('\n')}\n  failure reasons: ${[...new Set(failed.map((r) => (r.failureReason ?? '').split('\n')[0]))].join(' | ')}`,
    );

    for (const plan of plans) {
      const row = byNumber.get(plan.n)!;
      expect({ n: plan.n, status: row.status }).toEqual({ n: plan.n, status: plan.fault?.persistent ? 'failed' : 'awaiting_review' });
      // Exactly one card per item, and what it offers matches the state.
      expect(f.slack.calls.filter((c) => c.method === 'chat.postMessage' && !c.failed && buttonsOf(c).some((b) => b.value.includes(row.id)))).toHaveLength(1);
      const last = buttonsOf(cardCalls(row.id).at(-1)!).map((b) => b.action_id);
      expect(last).toContain(row.status === 'failed' ? ACTIONS.retry : ACTIONS.approve);
      expect({ n: plan.n, requests: f.openai.requests.filter((r) => numberOf(r) === plan.n).length }).toEqual({ n: plan.n, requests: expectedRequests(plan) });
    }
    expect(withRetry).toHaveLength(failed.length);

    // Each answer that did not match the spec is kept for the spec's author.
    const rejected = await f.db.all(rejectedOutputs, (r) => r);
    const wrongShape = plans.filter((p) => p.fault && (p.fault.kind === 'invalid_json' || p.fault.kind === 'wrong_schema'));
    expect(rejected).toHaveLength(wrongShape.reduce((sum, p) => sum + (p.fault!.persistent ? 2 : 1), 0));

    // The model recovers: Retry on every failed card brings each to review, on the same card.
    recovered = true;
    const retried = Date.now();
    for (const row of failed) {
      const ref = refOf(cardCalls(row.id).at(-1)!, ACTIONS.retry);
      const res = await sendInteraction(f.app.target, buildBlockAction({ userId: row.ownerId, actionId: ACTIONS.retry, value: JSON.stringify(ref), channelId: row.cardChannelId!, responseUrl: f.slack.responseUrl() }));
      expect(res.status).toBe(200);
    }
    const ids = new Set(failed.map((r) => r.id));
    await f.db.items((all) => all.filter((r) => ids.has(r.id)).every((r) => r.status === 'awaiting_review'), 60_000);
    console.log(`[fault] model recovered: Retry on ${failed.length} failed cards, all back for review within ${Date.now() - retried} ms`);
    for (const row of failed) {
      expect(f.slack.calls.filter((c) => c.method === 'chat.postMessage' && !c.failed && buttonsOf(c).some((b) => b.value.includes(row.id)))).toHaveLength(1);
      await f.slack.waitFor('chat.update', (c) => c.body.ts === row.cardTs && buttonsOf(c).some((b) => b.action_id === ACTIONS.approve && b.value.includes(row.id)));
    }
    expect(unexpectedExits(f.app)).toEqual([]);
  });
});
