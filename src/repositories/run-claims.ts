import { and, eq, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { workItems } from '../../db/schema';
import type { DbOrTx } from '../db/database';
import { prepared } from './prepared';
import type { WorkItemRow } from './work-items';

/** A worker's claim on an item's run (a lease it renews), and the runs no live worker holds. */
/**
 * Claims the item's current run for one worker. Fails while another worker holds an
 * unexpired claim on the same run, so a duplicated job never calls the model twice.
 */
export async function claimRun(db: DbOrTx, id: string, runSeq: number, leaseMs: number): Promise<boolean> {
  const query = prepared(db, 'claimRun', (d) =>
    d
      .update(workItems)
      .set({ claimedRunSeq: sql`${sql.placeholder('runSeq')}::int`, claimedAt: sql`now()` })
      .where(
        and(
          eq(workItems.id, sql.placeholder('id')),
          eq(workItems.runSeq, sql.placeholder('runSeq')),
          or(
            isNull(workItems.claimedRunSeq),
            ne(workItems.claimedRunSeq, sql.placeholder('runSeq')),
            lt(workItems.claimedAt, sql`now() - make_interval(secs => ${sql.placeholder('leaseSeconds')})`),
          ),
        ),
      )
      .returning({ id: workItems.id })
      .prepare(''),
  );
  const claimed = await query.execute({ id, runSeq, leaseSeconds: leaseMs / 1000 });
  return claimed.length === 1;
}

/** Heartbeat: extends this worker's claim on the run (false once the run moved on). */
export async function renewRunClaim(db: DbOrTx, id: string, runSeq: number): Promise<boolean> {
  const query = prepared(db, 'renewRunClaim', (d) =>
    d
      .update(workItems)
      .set({ claimedAt: sql`now()` })
      .where(and(eq(workItems.id, sql.placeholder('id')), eq(workItems.runSeq, sql.placeholder('runSeq')), eq(workItems.claimedRunSeq, sql.placeholder('runSeq'))))
      .returning({ id: workItems.id })
      .prepare(''),
  );
  const renewed = await query.execute({ id, runSeq });
  return renewed.length === 1;
}

/** Records that this run was taken over from a worker that stopped renewing its claim. */
export async function markResumed(db: DbOrTx, id: string, runSeq: number): Promise<void> {
  await db.update(workItems).set({ resumedRunSeq: runSeq }).where(and(eq(workItems.id, id), eq(workItems.runSeq, runSeq)));
}

/** Gives up a claim after an unexpected error, so a retry need not wait for the lease. */
export async function releaseRun(db: DbOrTx, id: string, runSeq: number): Promise<void> {
  await db
    .update(workItems)
    .set({ claimedRunSeq: null, claimedAt: null })
    .where(and(eq(workItems.id, id), eq(workItems.claimedRunSeq, runSeq)));
}

/**
 * Runnable items with no live worker: untouched since `olderThan` and not claimed, or claimed
 * by a worker that stopped renewing its claim before `olderThan`. Used by the repair job to
 * queue lost runs again (a crash between commit and enqueue, or a dead worker).
 */
export async function listStranded(db: DbOrTx, olderThan: Date): Promise<WorkItemRow[]> {
  return db
    .select()
    .from(workItems)
    .where(
      and(
        inArray(workItems.status, ['queued', 'running', 'refining']),
        lt(workItems.updatedAt, olderThan),
        or(isNull(workItems.claimedRunSeq), ne(workItems.claimedRunSeq, workItems.runSeq), isNull(workItems.claimedAt), lt(workItems.claimedAt, olderThan)),
      ),
    )
    .limit(500);
}

/** Items still acting that nothing has touched since `olderThan` (a worker may have died before finishing them). */
export async function listIdleActing(db: DbOrTx, olderThan: Date): Promise<WorkItemRow[]> {
  return db
    .select()
    .from(workItems)
    .where(and(eq(workItems.status, 'acting'), lt(workItems.updatedAt, olderThan)))
    .limit(500);
}
