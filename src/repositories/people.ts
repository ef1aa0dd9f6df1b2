import { and, eq, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import { people } from '../../db/schema';
import { prepared } from './prepared';
import type { DbOrTx, Tx } from '../db/database';

/** Data access for people (settings, WIP limit, digest bookkeeping). Takes a db; holds no rules. */
export type PersonRow = typeof people.$inferSelect;

export async function upsertPerson(tx: DbOrTx, userId: string, teamId: string | null) {
  await tx.insert(people).values({ userId, teamId }).onConflictDoNothing();
}

/** What admitting work needs from the person's row. */
export interface LockedPerson {
  wipLimit: number | null;
  timeZone: string | null;
}

/**
 * Creates the person's row if it is new and locks it for the rest of the transaction, so WIP
 * admission is exact under concurrent requests; one round trip. Read the open items in a later
 * statement: this one's snapshot was taken before it waited for the lock.
 */
export async function lockPerson(tx: Tx, userId: string, teamId: string | null): Promise<LockedPerson> {
  const result = await tx.execute<{ wip_limit: number | null; time_zone: string | null }>(sql`
    with created as (
      insert into people (user_id, team_id) values (${userId}, ${teamId}) on conflict (user_id) do nothing
      returning wip_limit, time_zone
    ), locked as (
      select wip_limit, time_zone from people where user_id = ${userId} for update
    )
    select * from created union all select * from locked`);
  let row = result.rows[0];
  if (!row) {
    // Another transaction created the row after this statement's snapshot: lock it now.
    row = (await tx.execute<{ wip_limit: number | null; time_zone: string | null }>(sql`select wip_limit, time_zone from people where user_id = ${userId} for update`)).rows[0];
  }
  if (!row) throw new Error(`The person ${userId} could not be created`);
  return { wipLimit: row.wip_limit, timeZone: row.time_zone };
}

export async function getPerson(db: DbOrTx, userId: string): Promise<PersonRow | undefined> {
  const query = prepared(db, 'getPerson', (d) => d.select().from(people).where(eq(people.userId, sql.placeholder('userId'))).prepare(''));
  const [row] = await query.execute({ userId });
  return row;
}

export async function setWipLimit(db: DbOrTx, userId: string, teamId: string | null, limit: number) {
  await db
    .insert(people)
    .values({ userId, teamId, wipLimit: limit })
    .onConflictDoUpdate({ target: people.userId, set: { wipLimit: limit, updatedAt: sql`now()` } });
}

export async function updatePerson(db: DbOrTx, userId: string, patch: Partial<typeof people.$inferInsert>): Promise<PersonRow | undefined> {
  const [row] = await db.update(people).set({ ...patch, updatedAt: sql`now()` }).where(eq(people.userId, userId)).returning();
  return row;
}

export async function listDigestPeople(db: DbOrTx): Promise<PersonRow[]> {
  return db.select().from(people).where(and(eq(people.digestEnabled, true), isNotNull(people.timeZone)));
}

/** Claims today's digest for a person; false if it was already sent (a re-delivered job). */
export async function claimDigest(db: DbOrTx, userId: string, localDate: string): Promise<boolean> {
  const rows = await db
    .update(people)
    .set({ digestSentOn: localDate })
    .where(and(eq(people.userId, userId), or(isNull(people.digestSentOn), ne(people.digestSentOn, localDate))))
    .returning({ userId: people.userId });
  return rows.length === 1;
}
