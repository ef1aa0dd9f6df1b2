import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database';
import { NewJobNotifications } from '../../src/jobs/scheduler';
import { createLogger } from '../../src/logger';
import { idleClientsDeadButNotYetNoticed, terminate } from '../support/dead-connections';
import { eventually } from '../support/scenario';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const adminUrl = inject('pgAdminUrl');

/**
 * The LISTEN connection for new jobs is a client checked out of the app's pool, and
 * `pool.end()` (the last step of shutdown) waits for every checked-out client: a client the
 * channel keeps after its connection failed would make shutdown hang for ever (seen as an
 * afterAll timeout in resilience.int.test.ts under load).
 */
describe.runIf(adminUrl !== null)('job notifications (LISTEN on a pooled client)', () => {
  let scratch: TestDatabase;
  beforeAll(async () => {
    scratch = await createTestDatabase();
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  async function withChannel(reconnect: { enabled: boolean; initialDelayMs?: number }) {
    const database: Database = await openDatabase({ kind: 'postgres', url: scratch.url! }, createLogger('error'));
    const channel = new NewJobNotifications({ reconnect });
    channel.setPool(database.pool);
    const errors: Error[] = [];
    channel.on('error', (e: Error) => errors.push(e));
    return { database, channel, errors };
  }

  const listenerPid = async (database: Database) =>
    (
      await database.pool.query<{ pid: number }>(
        `select pid from pg_stat_activity where datname = current_database() and query like 'LISTEN%' and pid <> pg_backend_pid()`,
      )
    ).rows.map((r) => r.pid);

  it('a LISTEN that fails on a pooled connection the server closed gives the client back with its error; the pool can end', async () => {
    const { database, channel, errors } = await withChannel({ enabled: false });
    const dead = await idleClientsDeadButNotYetNoticed(adminUrl!, database, 1);
    await expect(channel.connect()).rejects.toThrow();
    dead.done();
    expect(dead.handedOut()).toBe(1); // LISTEN went to the dead client…
    expect(errors.length).toBeGreaterThan(0);
    expect(database.pool.totalCount).toBe(0); // …which the pool has discarded, not lent out for ever
    // The next attempt gets a fresh connection; then everything ends.
    await channel.connect();
    expect(channel.state).toBe('connected');
    await channel.disconnect();
    await database.close();
    expect(database.pool.totalCount).toBe(0);
  });

  it('a LISTEN connection the server ends is given back and replaced; the pool still ends', async () => {
    const { database, channel } = await withChannel({ enabled: true, initialDelayMs: 10 });
    await channel.connect();
    const [before] = await eventually(() => listenerPid(database), (pids) => pids.length === 1);
    const states: string[] = [];
    channel.on('stateChange', (s: string) => states.push(s));
    await terminate(adminUrl!, before!);
    await eventually(async () => states, (s) => s.includes('reconnecting') && s.at(-1) === 'connected');
    const [after] = await eventually(() => listenerPid(database), (pids) => pids.length === 1);
    expect(after).not.toBe(before);
    await channel.disconnect();
    await database.close();
    expect(database.pool.totalCount).toBe(0);
  });

  it('disconnected while a connect is under way: the client that connect obtains is given back, and nothing reconnects', async () => {
    const { database, channel } = await withChannel({ enabled: true, initialDelayMs: 10 });
    const connecting = channel.connect();
    await channel.disconnect();
    await connecting;
    expect(channel.state).toBe('disconnected');
    expect(database.pool.totalCount).toBe(0);
    await database.close();
  });
});
