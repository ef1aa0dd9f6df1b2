import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { idleClientsDeadButNotYetNoticed } from '../support/dead-connections';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const adminUrl = inject('pgAdminUrl');

describe.runIf(adminUrl !== null)('a pooled connection the server closed', () => {
  let scratch: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    scratch = await createTestDatabase();
    database = await openDatabase({ kind: 'postgres', url: scratch.url! }, createLogger('error'));
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  it('a transaction whose BEGIN hits dead clients runs once on a fresh connection, and the dead clients leave the pool', async () => {
    const dead = await idleClientsDeadButNotYetNoticed(adminUrl!, database, 3);
    let calls = 0;
    const pid = await database.db.transaction(async (tx) => {
      calls++;
      return (await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`)).rows[0]!.pid;
    });
    dead.done();
    expect(dead.handedOut()).toBe(3); // each dead client was tried (BEGIN failed) before a fresh one
    expect(calls).toBe(1);
    expect(dead.pids).not.toContain(pid);
    expect(database.pool.totalCount).toBe(1); // only the fresh client
    expect((await database.db.execute<{ one: number }>(sql`select 1 as one`)).rows).toEqual([{ one: 1 }]);
  });

  it('a connection cut while the callback runs: rolled back by the server, and run again once on a fresh connection', async () => {
    await database.db.execute(sql`create table if not exists cut_mid_tx (attempt int not null)`);
    let calls = 0;
    await database.db.transaction(async (tx) => {
      calls++;
      await tx.execute(sql`insert into cut_mid_tx values (${calls})`);
      if (calls === 1) await tx.execute(sql`select pg_terminate_backend(pg_backend_pid())`);
    });
    expect(calls).toBe(2);
    // Only the second attempt's write exists: the first one's was never committed.
    expect((await database.db.execute<{ attempt: number }>(sql`select attempt from cut_mid_tx`)).rows).toEqual([{ attempt: 2 }]);
  });

  it('a connection lost at COMMIT (after the callback finished) is not run again: the commit may have happened', async () => {
    let calls = 0;
    let held: pg.PoolClient | undefined;
    const onAcquire = (client: pg.PoolClient) => (held = client);
    database.pool.on('acquire', onAcquire);
    try {
      await expect(
        database.db.transaction(async (tx) => {
          calls++;
          await tx.execute(sql`select 1`);
          // The socket goes away as the callback returns: COMMIT is what fails.
          (held as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
        }),
      ).rejects.toThrow();
    } finally {
      database.pool.off('acquire', onAcquire);
    }
    expect(calls).toBe(1);
    expect((await database.db.execute<{ one: number }>(sql`select 1 as one`)).rows).toEqual([{ one: 1 }]);
  });

  it('an error that is not a lost connection is never retried', async () => {
    let calls = 0;
    await expect(
      database.db.transaction(async (tx) => {
        calls++;
        await tx.execute(sql`select * from no_such_table`);
      }),
    ).rejects.toThrow();
    expect(calls).toBe(1);
  });
});

describe.runIf(adminUrl !== null)('a server that goes away under clients in use', () => {
  let scratch: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    scratch = await createTestDatabase();
    database = await openDatabase({ kind: 'postgres', url: scratch.url! }, createLogger('error'));
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  // Without a listener, the FATAL the server sends to a checked-out, idle client is an
  // 'error' event nobody handles: an uncaught exception that vitest reports as a failure
  // (and that takes a real process down). The test waits for each client's 'end'.
  it('every connection terminated while checked out between queries, ten times over: no crash, and the next query works', async () => {
    for (let round = 0; round < 10; round++) {
      const held = await Promise.all([database.pool.connect(), database.pool.connect()]);
      for (const client of held) await client.query('select 1');
      const ended = held.map((client) => new Promise((resolve) => client.once('end', resolve)));
      const admin = new pg.Client({ connectionString: adminUrl! });
      await admin.connect();
      try {
        await admin.query('select pg_terminate_backend(pid, 5000) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [new URL(scratch.url!).pathname.slice(1)]);
      } finally {
        await admin.end();
      }
      await Promise.all(ended);
      for (const client of held) client.release();
      expect((await database.db.execute<{ one: number }>(sql`select 1 as one`)).rows).toEqual([{ one: 1 }]);
    }
  });
});
