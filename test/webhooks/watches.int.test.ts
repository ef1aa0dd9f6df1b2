import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { watchEvents, watches, webhookDeliveries, workItems } from '../../db/schema';
import { ACTIONS } from '../../src/views/slack-ids';
import type { SlackCall } from '../support/fake-slack';
import { startFakeGitHub } from '../support/fake-github';
import { buttonsOf, click, delegateCommand, eventually, itemRow, refOf, validArtifactFor } from '../support/scenario';
import { useTestApp, type TestApp } from '../support/test-app';
import { waitUntil } from '../support/http-server';
import { ALERTS_TOKEN, WEBHOOK_SECRET, alertBody, deliverAlert, deliverGitHub, pullRequestBody } from '../support/webhook-requests';

// Events start agents: signed webhooks over HTTP to the real app, the watch-event job, the
// WIP rules, and pr-review reading the PR from a loopback fake of GitHub.
const gh = await startFakeGitHub();
afterAll(() => gh.close());
const DIFF = 'diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,1 +1,2 @@\n line\n+added\n';
for (let n = 1; n <= 60; n++) gh.addPull({ owner: 'acme', repo: 'web', number: n, title: `Change ${n}`, diff: DIFF });

const app = useTestApp({
  env: { GITHUB_TOKEN: 'ghp_t', GITHUB_API_URL: gh.apiUrl, GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET, ALERTS_WEBHOOK_TOKEN: ALERTS_TOKEN, WATCH_HOURLY_LIMIT: '3' },
  modelReply: validArtifactFor,
});
let t: TestApp;
beforeEach(() => {
  t = app();
});

const db = () => t.delegate.database.db;
const blocksText = (c: SlackCall) => JSON.stringify(c.body.blocks);
const itemsOf = (owner: string) => db().select().from(workItems).where(eq(workItems.ownerId, owner));
let nextPr = 1;

async function watch(owner: string, text: string) {
  const reply = await (await delegateCommand(t, text, owner)).reply();
  expect(JSON.stringify(reply.body)).toContain('Watching');
}

/** The card a watch started for this PR in the owner's DM (posted when the run starts, updated when it ends), ready for review. */
async function cardFor(owner: string, pr: string) {
  const card = await waitUntil(
    () => t.slack.calls.find((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && blocksText(c).includes(`Asked by <@${owner}>`) && blocksText(c).includes(`"text":">${pr}"`) && buttonsOf(c).some((b) => b.text === 'Approve')),
    () => `no card for ${pr}`,
    20_000,
  );
  await eventually(() => itemRow(t, refOf(card, ACTIONS.approve).itemId), (r) => r.cardTs !== null);
  return card;
}

describe('receiving GitHub webhooks', () => {
  it('answers a bad or missing signature 401, malformed JSON 400, an unwatched event 202, a ping 200, and creates nothing for any of them', async () => {
    const body = pullRequestBody('opened', { number: 1 });
    expect((await deliverGitHub(t, 'pull_request', body, { secret: 'wrong' })).status).toBe(401);
    expect((await deliverGitHub(t, 'pull_request', body, { secret: null })).status).toBe(401);
    expect((await deliverGitHub(t, 'pull_request', body, { raw: '{"action":' })).status).toBe(400);
    expect((await deliverGitHub(t, 'pull_request', body)).status).toBe(202); // nobody watches acme/web yet
    expect(await deliverGitHub(t, 'ping', { zen: 'Keep it logically awesome.', hook_id: 1 })).toMatchObject({ status: 200, body: { pong: true } });
    expect(await db().$count(webhookDeliveries)).toBe(0);
    expect(await db().$count(watchEvents)).toBe(0);
    expect(await db().$count(workItems)).toBe(0);
  });

  it('a PR opened starts pr-review for the watcher, in their DM, saying what started it; a replayed delivery is answered and not redone', async () => {
    const owner = 'U0WATCHER';
    await watch(owner, 'watch acme/web pr-review');
    const n = nextPr++;
    const delivery = 'd-replayed-1';
    expect((await deliverGitHub(t, 'pull_request', pullRequestBody('opened', { number: n }), { delivery })).status).toBe(202);
    const card = await cardFor(owner, `acme/web#${n}`);
    expect(blocksText(card)).toContain(`Started by your watch: <https://github.com/acme/web/pull/${n}|acme/web#${n}>`);
    expect(await deliverGitHub(t, 'pull_request', pullRequestBody('opened', { number: n }), { delivery })).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(await itemsOf(owner)).toHaveLength(1);
  });

  it('new commits on a PR whose review waits make a new version of the same item; closing the PR supersedes it and frees its slot', async () => {
    const owner = 'U0SYNC';
    await watch(owner, 'watch acme/web pr-review');
    const n = nextPr++;
    await deliverGitHub(t, 'pull_request', pullRequestBody('opened', { number: n }));
    const first = await cardFor(owner, `acme/web#${n}`);
    const itemId = refOf(first, ACTIONS.approve).itemId;
    await eventually(() => itemRow(t, itemId), (r) => r.status === 'awaiting_review');

    await deliverGitHub(t, 'pull_request', pullRequestBody('synchronize', { number: n }));
    await eventually(() => itemRow(t, itemId), (r) => r.status === 'awaiting_review' && r.currentVersion === 2);
    expect(await itemsOf(owner)).toHaveLength(1);

    await deliverGitHub(t, 'pull_request', pullRequestBody('closed', { number: n }));
    const closed = await eventually(() => itemRow(t, itemId), (r) => r.status === 'cancelled');
    expect(closed.rejectReason).toBe('superseded');
    await t.slack.waitFor('chat.update', (c) => blocksText(c).includes('Closed as superseded'));
  });

  it('at the WIP limit a PR waits, visible and coalesced, and starts when a slot frees, oldest first', async () => {
    const owner = 'U0BUSY';
    await (await delegateCommand(t, 'limit 1', owner)).reply();
    await watch(owner, 'watch acme/web pr-review');
    const [a, b, c, d] = [nextPr++, nextPr++, nextPr++, nextPr++];
    await deliverGitHub(t, 'pull_request', pullRequestBody('opened', { number: a }));
    const first = await cardFor(owner, `acme/web#${a}`);
    await deliverGitHub(t, 'pull_request', pullRequestBody('opened', { number: b }));
    await deliverGitHub(t, 'pull_request', pullRequestBody('opened', { number: c }));
    const [w] = await db().select().from(watches).where(eq(watches.ownerId, owner));
    await eventually(() => db().select().from(watchEvents).where(and(eq(watchEvents.watchId, w!.id), eq(watchEvents.status, 'waiting'))), (rows) => rows.length === 2);
    const listed = await (await delegateCommand(t, 'watching', owner)).reply();
    expect(JSON.stringify(listed.body)).toContain('2 PRs waiting to be reviewed');
    await deliverGitHub(t, 'pull_request', pullRequestBody('opened', { number: d }));
    await eventually(() => db().$count(watchEvents, and(eq(watchEvents.watchId, w!.id), eq(watchEvents.status, 'waiting'))), (n) => n === 3);

    // Closing the first frees the slot: the oldest waiting PR starts, and only it (the limit is 1).
    const ref = refOf(first, ACTIONS.approve);
    await click(t, ACTIONS.cancel, ref, owner, first.body.ts);
    await cardFor(owner, `acme/web#${b}`);
    expect((await itemsOf(owner)).map((i) => i.instructions).sort()).toEqual([`acme/web#${a}`, `acme/web#${b}`]);
    expect(await db().$count(watchEvents, and(eq(watchEvents.watchId, w!.id), eq(watchEvents.status, 'waiting')))).toBe(2);
  });
});

describe('a storm', () => {
  it('past the hourly limit (3 here), events are listed on one storm card, updated as more come, instead of starting', async () => {
    const owner = 'U0STORM';
    await watch(owner, 'watch acme/web pr-review');
    const prs = [nextPr++, nextPr++, nextPr++, nextPr++, nextPr++];
    for (const n of prs) expect((await deliverGitHub(t, 'pull_request', pullRequestBody('opened', { number: n }))).status).toBe(202);
    const [w] = await db().select().from(watches).where(eq(watches.ownerId, owner));
    await eventually(() => db().select().from(watchEvents).where(eq(watchEvents.watchId, w!.id)), (rows) => rows.length === 5);
    const rows = await db().select().from(watchEvents).where(eq(watchEvents.watchId, w!.id));
    expect(rows.filter((r) => r.status === 'started')).toHaveLength(3);
    expect(rows.filter((r) => r.status === 'storm')).toHaveLength(2);
    const storm = await waitUntil(
      () => [...t.slack.calls].reverse().find((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && blocksText(c).includes('*Storm*: 2 more events')),
      () => 'no storm card with both events',
      20_000,
    );
    for (const n of prs.slice(3)) expect(blocksText(storm)).toContain(`acme/web#${n}`);
    expect(t.slack.calls.filter((c) => c.method === 'chat.postMessage' && blocksText(c).includes('*Storm*'))).toHaveLength(1);
    expect(await itemsOf(owner)).toHaveLength(3);
  });
});

describe('receiving alerts', () => {
  it('a firing group is one item however often it is notified; resolved, its card says so and offers to close it', async () => {
    const owner = 'U0ONCALL';
    await watch(owner, 'watch alerts triage');
    const body = alertBody('firing');
    expect((await deliverAlert(t, body, { token: 'nope' })).status).toBe(401);
    expect((await deliverAlert(t, body, { token: null })).status).toBe(401);
    expect((await deliverAlert(t, { version: '4' })).status).toBe(400);
    for (let i = 0; i < 3; i++) expect((await deliverAlert(t, body)).status).toBe(202);
    const card = await t.slack.waitFor('chat.postMessage', (c) => c.body.channel === owner && blocksText(c).includes('CheckoutLatencyHigh') === false && blocksText(c).includes('p95 latency of checkout-api'), 20_000);
    expect(blocksText(card)).toMatch(/is firing|is still firing \(\d notifications\)/);
    const itemId = (await itemsOf(owner))[0]!.id;
    await eventually(() => db().select().from(watchEvents).where(eq(watchEvents.workItemId, itemId)), ([e]) => e?.notifications === 3);
    expect(await itemsOf(owner)).toHaveLength(1);
    await t.slack.waitFor('chat.update', (c) => blocksText(c).includes('is still firing (3 notifications)'));
    // The model read the alert group as data.
    const gathered = t.openai.requests.map((r) => JSON.stringify(r.body.messages)).find((m) => m.includes('kind=\\"alert\\"'));
    expect(gathered).toContain('instance=checkout-1:8080');

    expect((await deliverAlert(t, alertBody('resolved'))).status).toBe(202);
    const resolved = await t.slack.waitFor('chat.update', (c) => blocksText(c).includes('*Resolved*') && buttonsOf(c).some((b) => b.text === 'Close it (resolved)'), 20_000);
    expect(blocksText(resolved)).toContain('p95 latency of checkout-api');
  });

  it('a critical alert starts at once past the WIP limit, and its card says so', async () => {
    const owner = 'U0CRIT';
    await (await delegateCommand(t, 'limit 1', owner)).reply();
    await (await delegateCommand(t, 'research: keep this slot busy', owner)).reply();
    await watch(owner, 'watch alerts triage severity=critical');
    expect((await deliverAlert(t, alertBody('firing'))).status).toBe(202);
    const card = await t.slack.waitFor('chat.postMessage', (c) => c.body.channel === owner && blocksText(c).includes('Started past your WIP limit'), 20_000);
    expect(blocksText(card)).toContain('a critical alert does not wait');
    expect(await itemsOf(owner)).toHaveLength(2);
  });
});
