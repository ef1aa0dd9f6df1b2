import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { unexpectedExits } from '../support/child-app';
import { useFaultApp } from '../support/fault-app';
import { validArtifactFor } from '../support/scenario';
import { sendCommand } from '../support/slack-requests';

/**
 * Every connection of the app to its database terminated (pg_terminate_backend) in the middle
 * of a burst of delegations, ten rounds in a row. The process stays up every time, and every
 * acknowledged delegation ends in a card (its artifact, or a failure with Retry), or the person
 * was told nothing was created.
 */
const f = useFaultApp({ model: validArtifactFor });

async function terminateAll(dbName: string): Promise<number> {
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl')! });
  await admin.connect();
  try {
    const res = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]);
    return res.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

/** Told privately that nothing was created, with what they typed handed back (a slash command's text is not in the channel). */
const toldNothingCreated = (user: string, typed: string) =>
  f.slack.calls.some(
    (c) =>
      (c.method === 'chat.postEphemeral' || c.method === 'chat.postMessage') &&
      c.body.user === user &&
      /database is not answering/i.test(String(c.body.text)) &&
      String(c.body.text).includes(typed),
  );

describe('the database drops every connection during a burst', () => {
  it('ten rounds: no crash, and every acked delegation ends in a card or a visible refusal', { timeout: 600_000 }, async () => {
    const dbName = new URL(f.database.url!).pathname.slice(1);
    const rounds: Array<{ terminated: number; cards: number; failedWithRetry: number; refused: number; settledMs: number }> = [];
    const reasons: string[] = [];
    for (let round = 0; round < 10; round++) {
      const users = Array.from({ length: 6 }, (_, i) => `U0R${round}N${i}`);
      const started = Date.now();
      const sent = users.map((user) =>
        sendCommand(f.app.target, { text: `research: round ${round}`, user_id: user, channel_id: `C${user.slice(1)}`, response_url: f.slack.responseUrl() }),
      );
      // Cut every connection once the first request has been acknowledged: the rest are mid-way.
      await Promise.race(sent);
      const terminated = await terminateAll(dbName);
      const acks = await Promise.all(sent);
      for (const ack of acks) expect(ack.status).toBe(200);

      const rows = await f.db.items((all) => {
        const mine = all.filter((r) => users.includes(r.ownerId));
        return users.every((u) => {
          const item = mine.find((r) => r.ownerId === u);
          if (!item) return toldNothingCreated(u, `research: round ${round}`);
          return item.cardTs !== null && (item.status === 'awaiting_review' || item.status === 'failed');
        });
      }, 90_000).catch((e) => {
        throw new Error(`${e.message}\nSlack saw: ${JSON.stringify(f.slack.calls.filter((c) => users.includes(c.body.user ?? c.body.channel)).map((c) => [c.method, c.body.user, String(c.body.text).slice(0, 120)]))}\nApp output:\n${f.app.output().split("\n").filter((l) => /ERROR|Error:|code:/.test(l)).join("\n").slice(0, 6000)}`);
      });
      const mine = rows.filter((r) => users.includes(r.ownerId));
      expect(f.app.alive()).toBe(true);
      for (const r of mine) if (r.status === 'failed') reasons.push(r.failureReason ?? '');
      rounds.push({
        terminated,
        cards: mine.filter((r) => r.status === 'awaiting_review').length,
        failedWithRetry: mine.filter((r) => r.status === 'failed').length,
        refused: users.length - mine.length,
        settledMs: Date.now() - started,
      });
    }
    console.log(`[fault] database connections terminated mid-burst, 10 rounds of 6 delegations:\n${rounds.map((r, i) => `  round ${i + 1}: ${r.terminated} connections cut; ${r.cards} cards, ${r.failedWithRetry} failed with Retry, ${r.refused} told nothing was created; settled in ${r.settledMs} ms`).join('\n')}${reasons.length ? `\n  failures: ${[...new Set(reasons)].join(' | ')}` : ''}`);
    expect(unexpectedExits(f.app)).toEqual([]);
    expect(rounds.every((r) => r.terminated > 0)).toBe(true);
  });
});
