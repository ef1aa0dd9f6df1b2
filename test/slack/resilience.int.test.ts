import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ACTIONS } from '../../src/views/slack-ids';
import { violationsIn } from '../support/block-kit-limits';
import { injectionsIn } from '../support/injection-sweep';
import { OWNER, click, delegateCommand, eventually, itemRow, refOf, validArtifactFor, waitForCard, settle } from '../support/scenario';
import { startTestApp, type TestApp } from '../support/test-app';

const pgAvailable = inject('pgAdminUrl') !== null;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.stop());
afterEach(async () => {
  await settle(t);
  expect(violationsIn(t.slack.calls)).toEqual([]);
  expect(injectionsIn(t.slack.calls)).toEqual([]);
  t.slack.reset();
  t.openai.reset();
});

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: inject('pgAdminUrl')! });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
const dbName = () => new URL(t.database.url!).pathname.slice(1);

describe('Slack errors', () => {
  it('a 429 from Slack is retried after Retry-After and the card still arrives', async () => {
    t.openai.setDefault(validArtifactFor);
    t.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 1, (b) => b.channel === 'C0RATE');
    await delegateCommand(t, 'research: rate limited', 'U0RATE', 'C0RATE');
    const [refused, delivered] = await t.slack.waitForCount('chat.postMessage', 2, 15_000);
    expect(delivered!.at - refused!.at).toBeGreaterThanOrEqual(900);
    const ref = refOf(delivered!, ACTIONS.approve);
    // The app records where the card is once Slack's answer reaches it.
    await eventually(() => itemRow(t, ref.itemId), (row) => row.cardTs !== null);
  });

  it('when the card cannot be updated, the decision still stands and the person is told', async () => {
    t.openai.setDefault(validArtifactFor);
    await delegateCommand(t, 'research: card gone', 'U0GONE');
    const card = await waitForCard(t);
    t.slack.failNext('chat.update', { error: 'message_not_found' });
    await click(t, ACTIONS.approve, refOf(card, ACTIONS.approve), 'U0GONE');
    const note = await t.slack.waitFor('chat.postEphemeral');
    expect(note.body.text).toContain('Your decision was saved, but the card could not be updated');
    expect(note.body.text).toContain('message_not_found');
  });
});

describe.runIf(pgAvailable)('database restarts', () => {
  it('connections killed under the app: the next request reconnects and works', async () => {
    await admin((c) => c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName()]));
    t.openai.setDefault(validArtifactFor);
    // Idle clients killed under the pool are dropped by it; the next requests get fresh connections.
    await delegateCommand(t, 'research: after a restart', 'U0RESTART');
    await delegateCommand(t, 'research: after a restart, again', 'U0RESTART');
    const cards = await t.slack.waitForCount('chat.postMessage', 2, 15_000);
    expect(cards.map((c) => refOf(c, ACTIONS.approve).version)).toEqual([1, 1]);
    const replies = t.slack.callsTo('response_url').map((r) => r.body.text);
    expect(replies.every((text) => /is on it/.test(text))).toBe(true);
    const health = await fetch(`http://127.0.0.1:${t.delegate.port}/healthz`);
    expect(health.status).toBe(200);
  });

  it('while the database refuses connections: /healthz is 503 and the person is told; afterwards all is well', async () => {
    await admin(async (c) => {
      await c.query(`alter database ${dbName()} allow_connections false`);
      await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName()]);
    });
    try {
      const health = await fetch(`http://127.0.0.1:${t.delegate.port}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ database: 'down' });
      await delegateCommand(t, 'research: during the outage', 'U0OUTAGE');
      const note = await t.slack.waitFor('chat.postEphemeral', undefined, 15_000);
      expect(note.body).toMatchObject({ user: 'U0OUTAGE' });
      expect(note.body.text).toContain('database is not answering');
      expect(note.body.text).toContain('research: during the outage'); // handed back: nothing is lost
    } finally {
      await admin((c) => c.query(`alter database ${dbName()} allow_connections true`));
    }
    t.slack.reset();
    t.openai.setDefault(validArtifactFor);
    await delegateCommand(t, 'research: after the outage', 'U0OUTAGE');
    const card = await waitForCard(t, undefined);
    expect(refOf(card, ACTIONS.approve).version).toBe(1);
    expect((await fetch(`http://127.0.0.1:${t.delegate.port}/healthz`)).status).toBe(200);
  });
});

void OWNER;
