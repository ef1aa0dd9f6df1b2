import { drizzle } from 'drizzle-orm/node-postgres';
import type { PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from '../../db/schema';
import type { TestDatabase } from './test-database';

type WorkItem = typeof schema.workItems.$inferSelect;

/** Reads another process's database from the test, waiting on rows rather than on time. */
export interface Observer {
  /** Every work item, once `ok` holds for them. */
  items(ok: (rows: WorkItem[]) => boolean, timeoutMs?: number): Promise<WorkItem[]>;
  /** What `pick` makes of a table's rows, once it returns something (not undefined or false). */
  all<T extends PgTable, R>(table: T, pick: (rows: T['$inferSelect'][]) => R | undefined | false, timeoutMs?: number): Promise<R>;
  close(): Promise<void>;
}

export function observer(database: TestDatabase): Observer {
  if (!database.url) throw new Error('The fault suite needs PostgreSQL');
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  // The fault tests terminate every connection to this database, the observer's included.
  pool.on('error', () => {});
  pool.on('connect', (c) => c.on('error', () => {}));
  const db = drizzle(pool, { schema });

  async function poll<R>(read: () => Promise<R | undefined | false>, describe: () => string, timeoutMs: number): Promise<R> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await read().catch(() => undefined); // a terminated connection: read again
      if (found !== undefined && found !== false) return found;
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms: ${describe()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    async items(ok, timeoutMs = 30_000) {
      let last: WorkItem[] = [];
      return poll(
        async () => {
          last = await db.select().from(schema.workItems);
          return ok(last) && last;
        },
        () => JSON.stringify(last.map((r) => ({ id: r.id, owner: r.ownerId, status: r.status, card: r.cardTs, reason: r.failureReason }))),
        timeoutMs,
      );
    },
    async all(table, pick, timeoutMs = 30_000) {
      let seen = 0;
      return poll(
        async () => {
          const rows = (await db.select().from(table as PgTable)) as never[];
          seen = rows.length;
          return pick(rows);
        },
        () => `${seen} rows seen`,
        timeoutMs,
      );
    },
    close: () => pool.end(),
  };
}
