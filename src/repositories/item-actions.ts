import { and, asc, desc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import { itemActions, workItems } from '../../db/schema';
import type { ActionParams, PlannedAction } from '../domain/action-plan';
import type { ActionResult } from '../domain/action-result';
import { prepared } from './prepared';
import type { DbOrTx } from '../db/database';

/** Data access for the actions an artifact version leads to. Takes a db (or transaction); holds no rules. */
export type ItemActionRow = Omit<typeof itemActions.$inferSelect, 'params'> & { params: ActionParams };

const rows = (r: Array<typeof itemActions.$inferSelect>) => r as ItemActionRow[];

/** Rows that an approval would run: planned, or undone (an undo sent the version back to review). */
const PLANNABLE = ['planned', 'undone'] as const;

/** Inserts the plan; rows already planned for this version stay as they are (planning twice is harmless). */
export async function insertPlanned(db: DbOrTx, workItemId: string, version: number, planned: readonly PlannedAction[]): Promise<void> {
  if (!planned.length) return;
  await db
    .insert(itemActions)
    .values(planned.map((p) => ({ workItemId, version, key: p.key, kind: p.kind, params: p.params, assigneeId: p.assigneeId })))
    .onConflictDoNothing();
}

export async function listForVersion(db: DbOrTx, workItemId: string, version: number): Promise<ItemActionRow[]> {
  const query = prepared(db, 'listForVersion', (d) =>
    d
      .select()
      .from(itemActions)
      .where(and(eq(itemActions.workItemId, sql.placeholder('workItemId')), eq(itemActions.version, sql.placeholder('version'))))
      .orderBy(asc(itemActions.key))
      .prepare(''),
  );
  return rows(await query.execute({ workItemId, version }));
}

export async function getAction(db: DbOrTx, id: string): Promise<ItemActionRow | undefined> {
  const [row] = await db.select().from(itemActions).where(eq(itemActions.id, id));
  return row as ItemActionRow | undefined;
}

/** Sets which planned rows are ticked (only while planned: an approved plan no longer changes). */
export async function setSelection(db: DbOrTx, workItemId: string, version: number, ids: readonly string[], selectedIds: readonly string[]) {
  if (!ids.length) return;
  const scope = and(eq(itemActions.workItemId, workItemId), eq(itemActions.version, version), inArray(itemActions.status, [...PLANNABLE]), inArray(itemActions.id, [...ids]));
  await db
    .update(itemActions)
    .set({
      selected: selectedIds.length ? inArray(itemActions.id, [...selectedIds]) : sql`false`,
      updatedAt: sql`now()`,
    })
    .where(scope);
}

/** On approval: ticked planned rows are queued (run_seq bumped), unticked ones skipped. Returns the queued rows. */
export async function queueSelected(tx: DbOrTx, workItemId: string, version: number): Promise<ItemActionRow[]> {
  const scope = and(eq(itemActions.workItemId, workItemId), eq(itemActions.version, version), inArray(itemActions.status, [...PLANNABLE]));
  await tx
    .update(itemActions)
    .set({ status: 'skipped', finishedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(scope, eq(itemActions.selected, false)));
  return rows(
    await tx
      .update(itemActions)
      .set({ status: 'queued', runSeq: sql`${itemActions.runSeq} + 1`, updatedAt: sql`now()` })
      .where(and(scope, eq(itemActions.selected, true)))
      .returning(),
  );
}

export async function countSelectedPlanned(db: DbOrTx, workItemId: string, version: number): Promise<number> {
  return db.$count(
    itemActions,
    and(eq(itemActions.workItemId, workItemId), eq(itemActions.version, version), inArray(itemActions.status, [...PLANNABLE]), eq(itemActions.selected, true)),
  );
}

/**
 * Claims one execution: queued → running for this run_seq, or a running row whose lease
 * expired (its worker died). A duplicate job for the same execution gets nothing.
 */
export async function claimAction(db: DbOrTx, id: string, runSeq: number, leaseMs: number): Promise<ItemActionRow | undefined> {
  const [row] = await db
    .update(itemActions)
    .set({ status: 'running', claimedAt: sql`now()`, updatedAt: sql`now()` })
    .where(
      and(
        eq(itemActions.id, id),
        eq(itemActions.runSeq, runSeq),
        or(
          eq(itemActions.status, 'queued'),
          and(eq(itemActions.status, 'running'), lt(itemActions.claimedAt, sql`now() - make_interval(secs => ${leaseMs / 1000})`)),
        ),
      ),
    )
    .returning();
  return row as ItemActionRow | undefined;
}

/** Heartbeat: extends this worker's claim on a running execution (false once it moved on). */
export async function renewActionClaim(db: DbOrTx, id: string, runSeq: number): Promise<boolean> {
  const renewed = await db
    .update(itemActions)
    .set({ claimedAt: sql`now()` })
    .where(and(eq(itemActions.id, id), eq(itemActions.runSeq, runSeq), eq(itemActions.status, 'running')))
    .returning({ id: itemActions.id });
  return renewed.length === 1;
}

/** Records the end of one execution; false when the row moved on (an undo or a new run_seq) and nothing was written. */
export async function finishAction(
  db: DbOrTx,
  id: string,
  runSeq: number,
  outcome: { status: 'succeeded'; result: ActionResult } | { status: 'failed'; error: string } | { status: 'skipped'; error: string },
): Promise<boolean> {
  const written = await db
    .update(itemActions)
    .set({
      status: outcome.status,
      result: 'result' in outcome ? outcome.result : null,
      error: 'error' in outcome ? outcome.error : null,
      claimedAt: null,
      finishedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(itemActions.id, id), eq(itemActions.runSeq, runSeq)))
    .returning({ id: itemActions.id });
  return written.length === 1;
}

/** Retry of a failed row: queued again under a new run_seq. */
export async function requeueFailed(db: DbOrTx, id: string): Promise<ItemActionRow | undefined> {
  const [row] = await db
    .update(itemActions)
    .set({ status: 'queued', runSeq: sql`${itemActions.runSeq} + 1`, error: null, finishedAt: null, updatedAt: sql`now()` })
    .where(and(eq(itemActions.id, id), eq(itemActions.status, 'failed')))
    .returning();
  return row as ItemActionRow | undefined;
}

export async function skipFailed(db: DbOrTx, id: string): Promise<boolean> {
  const done = await db
    .update(itemActions)
    .set({ status: 'skipped', updatedAt: sql`now()` })
    .where(and(eq(itemActions.id, id), eq(itemActions.status, 'failed')))
    .returning({ id: itemActions.id });
  return done.length === 1;
}

/** Replaces the approvable publish row of a version (the person chose another channel), undone ones included. */
export async function replacePlannedPublish(tx: DbOrTx, workItemId: string, version: number, planned: PlannedAction | undefined): Promise<void> {
  await tx
    .delete(itemActions)
    .where(and(eq(itemActions.workItemId, workItemId), eq(itemActions.version, version), eq(itemActions.kind, 'publish'), inArray(itemActions.status, [...PLANNABLE])));
  if (planned) await insertPlanned(tx, workItemId, version, [planned]);
}

/** Undo deleted what this row posted. */
export async function markUndone(db: DbOrTx, id: string): Promise<void> {
  await db.update(itemActions).set({ status: 'undone', claimedAt: null, updatedAt: sql`now()` }).where(eq(itemActions.id, id));
}

/**
 * After an undo, the version is back in review: what did not post is planned again. run_seq
 * is bumped so a job still in flight can no longer record anything on these rows.
 */
export async function resetForReview(db: DbOrTx, workItemId: string, version: number): Promise<void> {
  await db
    .update(itemActions)
    .set({ status: 'planned', runSeq: sql`${itemActions.runSeq} + 1`, error: null, claimedAt: null, finishedAt: null, updatedAt: sql`now()` })
    .where(and(eq(itemActions.workItemId, workItemId), eq(itemActions.version, version), inArray(itemActions.status, ['queued', 'running', 'failed', 'skipped'])));
}

/** Executions left without a job by a crash (queued, or running with an expired claim), for start-up repair. */
export async function listStrandedActions(db: DbOrTx, olderThan: Date): Promise<ItemActionRow[]> {
  return rows(
    await db
      .select()
      .from(itemActions)
      .where(
        or(
          and(eq(itemActions.status, 'queued'), lt(itemActions.updatedAt, olderThan)),
          and(eq(itemActions.status, 'running'), lt(itemActions.claimedAt, olderThan)),
        ),
      )
      .limit(500),
  );
}

/** The job queue gave up on an execution: it fails visibly (with Retry) unless it moved on. */
export async function failIfPending(db: DbOrTx, id: string, runSeq: number, error: string): Promise<boolean> {
  const done = await db
    .update(itemActions)
    .set({ status: 'failed', error, claimedAt: null, finishedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(itemActions.id, id), eq(itemActions.runSeq, runSeq), inArray(itemActions.status, ['queued', 'running'])))
    .returning({ id: itemActions.id });
  return done.length === 1;
}

/** What was assigned to a person (DMs that went out), newest first; the index on (assignee_id, finished_at) bounds it. */
export async function listAssignedTo(db: DbOrTx, userId: string, since: Date, limit: number) {
  const found = await db
    .select({ params: itemActions.params, result: itemActions.result, finishedAt: itemActions.finishedAt, ownerId: workItems.ownerId, agent: workItems.agent })
    .from(itemActions)
    .innerJoin(workItems, eq(workItems.id, itemActions.workItemId))
    .where(and(eq(itemActions.assigneeId, userId), eq(itemActions.status, 'succeeded'), gte(itemActions.finishedAt, since)))
    .orderBy(desc(itemActions.finishedAt))
    .limit(limit);
  return found as Array<Omit<(typeof found)[number], 'params'> & { params: ActionParams }>;
}
