import { describe, expect, it } from 'vitest';
import { itemActions } from '../../db/schema';
import { ACTIONS, numberedAction } from '../../src/views/slack-ids';
import { buildResearch } from '../specs/builders';
import { unexpectedExits } from '../support/child-app';
import { useFaultApp } from '../support/fault-app';
import { type SlackCall } from '../support/fake-slack';
import { buttonsOf, refOf } from '../support/scenario';
import { buildBlockAction, sendCommand, sendInteraction } from '../support/slack-requests';

/**
 * Slack answering 429 with Retry-After: on the card's chat.postMessage and on views.publish
 * (Bolt's client waits it out and tries again), several times in a row with a longer wait,
 * and on an approved action's post (that client gives up at once: the action fails with Retry).
 */
const f = useFaultApp({ model: { json: buildResearch({ action_items: [] }) } });

const RATE_LIMITED = { status: 429, retryAfter: 1 } as const;
const hasCardButtons = (body: Record<string, any>) => JSON.stringify(body.blocks ?? []).includes(ACTIONS.approve);
/** Every attempt to post this item's card (the refused ones included), in order. */
const cardPosts = (itemId: string) => f.slack.calls.filter((c) => c.method === 'chat.postMessage' && buttonsOf(c).some((b) => b.value.includes(itemId)));
const homeFor = (user: string) => f.slack.calls.filter((c) => c.method === 'views.publish' && c.body.user_id === user);

async function delegateAs(user: string, text: string): Promise<void> {
  const res = await sendCommand(f.app.target, { text, user_id: user, channel_id: `C${user.slice(1)}`, response_url: f.slack.responseUrl() });
  expect(res.status).toBe(200);
}

async function carded(user: string) {
  const rows = await f.db.items((all) => all.some((r) => r.ownerId === user && r.cardTs !== null && r.status === 'awaiting_review'), 90_000);
  return rows.find((r) => r.ownerId === user)!;
}

/** Home, published successfully, showing this item for review. */
const homeShowing = (user: string, itemId: string) =>
  f.slack.waitFor('views.publish', (c) => !c.failed && c.body.user_id === user && buttonsOfView(c).some((v) => v.includes(itemId)), 60_000);
const buttonsOfView = (c: SlackCall): string[] =>
  (c.body.view?.blocks ?? []).filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements.filter((e: any) => e.action_id === ACTIONS.approve).map((e: any) => e.value));

describe('Slack answers 429 with Retry-After', () => {
  it('once, Retry-After 1 s, on the card and on Home: the card is posted exactly once and Home is published', { timeout: 60_000 }, async () => {
    const user = 'U0RL1';
    f.slack.failNext('chat.postMessage', RATE_LIMITED, 1, (b) => b.channel === 'C0RL1' && hasCardButtons(b));
    f.slack.failNext('views.publish', RATE_LIMITED, 1, (b) => b.user_id === user);
    await delegateAs(user, 'research: rate limited once');
    const item = await carded(user);
    await homeShowing(user, item.id);

    const posts = cardPosts(item.id);
    expect(posts.map((c) => c.failed ?? 'ok')).toEqual(['ratelimited', 'ok']);
    const homes = homeFor(user);
    const refused = homes.findIndex((c) => c.failed);
    expect(refused).toBeGreaterThanOrEqual(0);
    expect(homes.slice(refused + 1).some((c) => !c.failed)).toBe(true);
    const cardWait = posts[1]!.at - posts[0]!.at;
    const homeWait = homes.slice(refused + 1).find((c) => !c.failed)!.at - homes[refused]!.at;
    console.log(`[fault] Slack 429 (Retry-After 1 s) once on the card and once on Home: card posted once, ${cardWait} ms after the 429; Home published ${homeWait} ms after its 429`);
    expect(cardWait).toBeGreaterThanOrEqual(1_000);
    expect(unexpectedExits(f.app)).toEqual([]);
  });

  it('three in a row, Retry-After 3 s: the card still arrives exactly once, and so does another person’s, asked for during the wait', { timeout: 120_000 }, async () => {
    const [user, other] = ['U0RL2', 'U0RL3'];
    f.slack.failNext('chat.postMessage', { status: 429, retryAfter: 3 }, 3, (b) => b.channel === 'C0RL2' && hasCardButtons(b));
    f.slack.failNext('views.publish', { status: 429, retryAfter: 3 }, 3, (b) => b.user_id === user);
    await delegateAs(user, 'research: rate limited three times');
    const first = await f.slack.waitFor('chat.postMessage', (c) => c.failed === 'ratelimited' && c.body.channel === 'C0RL2', 30_000);
    // Someone else delegates while the client waits out the first Retry-After.
    const otherAsked = Date.now();
    await delegateAs(other, 'research: delegated during the wait');

    const item = await carded(user);
    const posts = cardPosts(item.id);
    expect(posts.map((c) => c.failed ?? 'ok')).toEqual(['ratelimited', 'ratelimited', 'ratelimited', 'ok']);
    for (let i = 1; i < posts.length; i++) expect(posts[i]!.at - posts[i - 1]!.at).toBeGreaterThanOrEqual(3_000);
    const otherItem = await carded(other);
    const otherCard = cardPosts(otherItem.id);
    expect(otherCard.map((c) => c.failed ?? 'ok')).toEqual(['ok']);
    await homeShowing(user, item.id);
    await homeShowing(other, otherItem.id);
    const homes = homeFor(user);
    console.log(
      `[fault] Slack 429 (Retry-After 3 s) three times in a row on the card and on Home: card posted once, ${posts.at(-1)!.at - first.at} ms after the first 429 ` +
        `(${homes.filter((c) => c.failed).length} Home publishes refused, then published); another person's card, asked for during the wait, took ${otherCard[0]!.at - otherAsked} ms`,
    );
    expect(unexpectedExits(f.app)).toEqual([]);
  });

  it('on an approved action’s post: it fails at once with Retry (not waited out), and Retry posts it exactly once', { timeout: 60_000 }, async () => {
    const user = 'U0RL4';
    await delegateAs(user, 'research to <#C0RLPUB|pub>: rate limited publish');
    const item = await carded(user);
    const card = cardPosts(item.id).find((c) => !c.failed)!;
    f.slack.failNext('chat.postMessage', { status: 429, retryAfter: 30 }, 1, (b) => b.channel === 'C0RLPUB');
    const approve = refOf(card, ACTIONS.approve);
    const res = await sendInteraction(f.app.target, buildBlockAction({ userId: user, actionId: ACTIONS.approve, value: JSON.stringify(approve), channelId: 'C0RL4', responseUrl: f.slack.responseUrl() }));
    expect(res.status).toBe(200);

    const refused = await f.slack.waitFor('chat.postMessage', (c) => c.body.channel === 'C0RLPUB', 30_000);
    const [failed] = await f.db.all(itemActions, (rows) => rows.filter((r) => r.workItemId === item.id && r.status === 'failed').length === 1 && rows.filter((r) => r.workItemId === item.id), 30_000);
    const shown = await f.slack.waitFor('chat.update', (c) => c.body.ts === item.cardTs && buttonsOf(c).some((b) => b.action_id === numberedAction(ACTIONS.retryAction, 0)), 30_000);
    console.log(`[fault] Slack 429 (Retry-After 30 s) on an approved action's post: failed with Retry on the card ${shown.at - refused.at} ms after the 429 ("${failed!.error}")`);
    expect(shown.at - refused.at).toBeLessThan(30_000);
    expect(failed!.error).toMatch(/rate-limiting/);

    const retry = buttonsOf(shown).find((b) => b.action_id === numberedAction(ACTIONS.retryAction, 0))!;
    const again = await sendInteraction(f.app.target, buildBlockAction({ userId: user, actionId: retry.action_id, value: retry.value, channelId: 'C0RL4', responseUrl: f.slack.responseUrl() }));
    expect(again.status).toBe(200);
    await f.db.all(itemActions, (rows) => rows.some((r) => r.workItemId === item.id && r.status === 'succeeded'), 30_000);
    await f.db.items((all) => all.some((r) => r.id === item.id && r.status === 'completed'), 30_000);
    expect(f.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0RLPUB').map((c) => c.failed ?? 'ok')).toEqual(['ratelimited', 'ok']);
    expect(unexpectedExits(f.app)).toEqual([]);
  });
});
