import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
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

  const terminate = async (pid: number) => {
    const admin = new pg.Client({ connectionString: adminUrl! });
    await admin.connect();
    try {
      // The timeout makes it wait until the backend has exited.
      await admin.query('select pg_terminate_backend($1, 5000)', [pid]);
    } finally {
      await admin.end();
    }
  };

  /**
   * The race seen under load, made deterministic: the server has closed the idle client, but
   * its socket has not been read yet, so the pool hands it out and BEGIN is what fails.
   */
  async function idleClientDeadButNotYetNoticed(): Promise<{ pid: number; handedOut: Promise<boolean> }> {
    const client = await database.pool.connect();
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    client.release();
    const stream = (client as unknown as { connection: { stream: { pause(): void; resume(): void } } }).connection.stream;
    stream.pause();
    await terminate(pid);
    // Once the pool hands it out (and BEGIN goes on the wire), let the client read the server's 57P01.
    const handedOut = new Promise<boolean>((resolve) =>
      database.pool.once('acquire', (acquired: pg.PoolClient) => {
        setTimeout(() => stream.resume(), 20);
        resolve(acquired === client);
      }),
    );
    return { pid, handedOut };
  }

  it('a transaction whose BEGIN hits it runs once on a fresh connection, and the dead client leaves the pool', async () => {
    const dead = await idleClientDeadButNotYetNoticed();
    let calls = 0;
    const pending = database.db.transaction(async (tx) => {
      calls++;
      return (await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`)).rows[0]!.pid;
    });
    expect(await dead.handedOut).toBe(true);
    const pid = await pending;
    expect(calls).toBe(1);
    expect(pid).not.toBe(dead.pid);
    expect(database.pool.totalCount).toBe(1); // only the fresh client
    expect((await database.db.execute<{ one: number }>(sql`select 1 as one`)).rows).toEqual([{ one: 1 }]);
  });

  it('a failure after BEGIN is not retried: the work may have had effects', async () => {
    let calls = 0;
    await expect(
      database.db.transaction(async (tx) => {
        calls++;
        await tx.execute(sql`select pg_terminate_backend(pg_backend_pid())`);
      }),
    ).rejects.toThrow();
    expect(calls).toBe(1);
    expect((await database.db.execute<{ one: number }>(sql`select 1 as one`)).rows).toEqual([{ one: 1 }]);
  });
});
