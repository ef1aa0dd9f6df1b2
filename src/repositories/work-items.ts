import { and, asc, count, desc, eq, getTableColumns, gte, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { artifacts, people, workItems } from '../../db/schema';
import type { DbOrTx, Tx } from '../db/database';
import { prepared } from './prepared';
import { DECIDED_STATUSES, OPEN_STATUSES, type Status, type WorkItemState } from '../domain/work-item';

/** Data access for work items. Takes a db (or transaction); holds no rules. */
export type WorkItemRow = typeof workItems.$inferSelect;
export type NewWorkItem = Pick<
  typeof workItems.$inferInsert,
  'ownerId' | 'teamId' | 'agent' | 'instructions' | 'source' | 'channelId' | 'sourceRef' | 'scheduleId' | 'scheduledFor' | 'publishChannelId'
> & Pick<Partial<typeof workItems.$inferInsert>, 'aboutAgent'>;

export function stateOf(row: WorkItemRow): WorkItemState {
  const status = row.status;
  switch (status) {
    case 'queued':
    case 'running':
      return { status };
    case 'awaiting_review':
      return { status, version: row.currentVersion };
    case 'refining':
      return { status, fromVersion: row.feedbackVersion ?? row.currentVersion, feedback: row.feedback ?? '' };
    case 'failed':
      return {
        status,
        reason: row.failureReason ?? 'Unknown failure',
        retry:
          row.feedback !== null
            ? { kind: 'refine', fromVersion: row.feedbackVersion ?? row.currentVersion, feedback: row.feedback }
            : { kind: 'first_run' },
      };
    case 'approved':
    case 'acting':
      return { status, version: row.currentVersion, by: row.decidedBy ?? '', at: row.decidedAt ?? row.updatedAt, auto: row.autoApproved };
    case 'completed':
      return {
        status,
        version: row.currentVersion,
        by: row.decidedBy ?? '',
        at: row.decidedAt ?? row.updatedAt,
        auto: row.autoApproved,
        completedAt: row.completedAt ?? row.updatedAt,
      };
    case 'rejected':
      return { status, by: row.decidedBy ?? '', at: row.decidedAt ?? row.updatedAt, reason: row.rejectReason ?? '' };
    case 'cancelled':
      // reject_reason holds why it was rejected, or 'superseded' for an item its event closed.
      return { status, by: row.decidedBy ?? '', at: row.decidedAt ?? row.updatedAt, ...(row.rejectReason === 'superseded' ? { superseded: true } : {}) };
    default: {
      const never: never = status;
      throw new Error(`Unknown status ${String(never)}`);
    }
  }
}

/** Column values that represent a state (fields a state does not carry are cleared). */
function columnsFor(state: WorkItemState) {
  const cleared = {
    status: state.status,
    failureReason: null as string | null,
    feedback: null as string | null,
    feedbackVersion: null as number | null,
  };
  switch (state.status) {
    case 'queued':
    case 'running':
      return cleared;
    case 'awaiting_review':
      return { ...cleared, currentVersion: state.version, decidedBy: null, decidedAt: null, autoApproved: false };
    case 'refining':
      return { ...cleared, feedback: state.feedback, feedbackVersion: state.fromVersion };
    case 'failed':
      return {
        ...cleared,
        failureReason: state.reason,
        ...(state.retry.kind === 'refine'
          ? { feedback: state.retry.feedback, feedbackVersion: state.retry.fromVersion }
          : {}),
      };
    case 'approved':
    case 'acting':
      return { ...cleared, currentVersion: state.version, decidedBy: state.by, decidedAt: state.at, autoApproved: state.auto };
    case 'completed':
      return { ...cleared, decidedBy: state.by, decidedAt: state.at, autoApproved: state.auto, completedAt: state.completedAt };
    case 'rejected':
      return { ...cleared, decidedBy: state.by, decidedAt: state.at, rejectReason: state.reason };
    case 'cancelled':
      return { ...cleared, decidedBy: state.by, decidedAt: state.at, ...(state.superseded ? { rejectReason: 'superseded' } : {}) };
  }
}

export async function countOpen(db: DbOrTx, ownerId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(workItems)
    .where(and(eq(workItems.ownerId, ownerId), inArray(workItems.status, [...OPEN_STATUSES])));
  return row?.n ?? 0;
}

/** Open items, oldest first (bounded: a person's open items are at most their WIP limit). */
export async function listOpen(db: DbOrTx, ownerId: string, limit = 50): Promise<WorkItemRow[]> {
  const query = prepared(db, 'listOpen', (d) =>
    d
      .select()
      .from(workItems)
      .where(and(eq(workItems.ownerId, sql.placeholder('ownerId')), inArray(workItems.status, [...OPEN_STATUSES])))
      .orderBy(asc(workItems.createdAt))
      .limit(sql.placeholder('limit'))
      .prepare(''),
  );
  return query.execute({ ownerId, limit });
}

/** Approved items whose actions are still running, oldest first. */
export async function listActing(db: DbOrTx, ownerId: string, limit = 20): Promise<WorkItemRow[]> {
  return db
    .select()
    .from(workItems)
    .where(and(eq(workItems.ownerId, ownerId), eq(workItems.status, 'acting')))
    .orderBy(asc(workItems.decidedAt))
    .limit(limit);
}

const OPEN_LIST = sql.raw(OPEN_STATUSES.map((s) => `'${s}'`).join(', '));
const ITEM_COLUMNS = Object.entries(getTableColumns(workItems));

/** A work_items row as the driver returns it from raw SQL (column names, driver values), as drizzle maps it. */
function toWorkItemRow(raw: Record<string, unknown>): WorkItemRow {
  const row: Record<string, unknown> = {};
  for (const [key, column] of ITEM_COLUMNS) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as WorkItemRow;
}

/**
 * Counts the owner's open items and, if there are fewer than `maxOpen` (null: however many),
 * inserts the item together with its audit event: one statement. Run it holding the owner's
 * lock (lockPerson), so the count cannot change before the insert commits. `row` is undefined
 * when the count was reached, or when an item with the same source_ref or schedule slot exists.
 */
export async function insertWorkItemIfOpenBelow(
  tx: Tx,
  item: NewWorkItem,
  audit: { actor: string; action: string; detail: object },
  maxOpen: number | null,
): Promise<{ openBefore: number; row?: WorkItemRow }> {
  const result = await tx.execute<Record<string, unknown> & { open_before: number }>(sql`
    with counted as (
      select count(*)::int as n from work_items where owner_id = ${item.ownerId} and status in (${OPEN_LIST})
    ), item as (
      insert into work_items (owner_id, team_id, agent, instructions, source, channel_id, source_ref, schedule_id, scheduled_for, publish_channel_id, about_agent)
      select ${item.ownerId}, ${item.teamId ?? null}, ${item.agent}, ${item.instructions}, ${item.source}::delegation_source, ${item.channelId},
        ${item.sourceRef ?? null}, ${item.scheduleId ?? null}::uuid, ${item.scheduledFor?.toISOString() ?? null}::timestamptz, ${item.publishChannelId ?? null}, ${item.aboutAgent ?? null}
      where ${maxOpen}::int is null or (select n from counted) < ${maxOpen}::int
      on conflict do nothing
      returning *
    ), audited as (
      insert into audit_events (work_item_id, actor, action, from_status, to_status, detail)
      select id, ${audit.actor}, ${audit.action}, null, status, ${JSON.stringify(audit.detail)}::jsonb from item
    )
    select (select n from counted) as open_before, item.* from (select 1) as one left join item on true`);
  const raw = result.rows[0]!;
  return { openBefore: raw.open_before, row: raw.id ? toWorkItemRow(raw) : undefined };
}

/** Inserts an item; undefined when one with the same source_ref already exists. */
export async function insertWorkItem(tx: DbOrTx, item: NewWorkItem): Promise<WorkItemRow | undefined> {
  const [row] = await tx.insert(workItems).values(item).onConflictDoNothing().returning();
  return row;
}

export async function getWorkItem(db: DbOrTx, id: string): Promise<WorkItemRow | undefined> {
  const query = prepared(db, 'getWorkItem', (d) => d.select().from(workItems).where(eq(workItems.id, sql.placeholder('id'))).prepare(''));
  const [row] = await query.execute({ id });
  return row;
}

/**
 * Writes a new state if the row is still in the state it was read in (optimistic
 * concurrency on status + run_seq). Returns the updated row, or undefined on a lost race.
 */
export async function updateState(
  tx: DbOrTx,
  row: WorkItemRow,
  next: WorkItemState,
  opts: { bumpRun?: boolean } = {},
): Promise<WorkItemRow | undefined> {
  const [updated] = await tx
    .update(workItems)
    .set({
      ...columnsFor(next),
      ...(opts.bumpRun ? { runSeq: sql`${workItems.runSeq} + 1` } : {}),
      updatedAt: sql`now()`,
    })
    .where(and(eq(workItems.id, row.id), eq(workItems.status, row.status), eq(workItems.runSeq, row.runSeq)))
    .returning();
  return updated;
}

/** Sets where the item publishes, only while it is still in `expect` (undefined otherwise); the row stays locked until the caller's transaction ends. */
export async function setPublishChannel(
  db: DbOrTx,
  id: string,
  channelId: string,
  expect: { status: Status; version: number },
): Promise<WorkItemRow | undefined> {
  const [row] = await db
    .update(workItems)
    .set({ publishChannelId: channelId, updatedAt: sql`now()` })
    .where(and(eq(workItems.id, id), eq(workItems.status, expect.status), eq(workItems.currentVersion, expect.version)))
    .returning();
  return row;
}

export async function setCardLocation(db: DbOrTx, id: string, channelId: string, ts: string) {
  const query = prepared(db, 'setCardLocation', (d) =>
    d
      .update(workItems)
      .set({ cardChannelId: sql`${sql.placeholder('channelId')}`, cardTs: sql`${sql.placeholder('ts')}` })
      .where(eq(workItems.id, sql.placeholder('id')))
      .prepare(''),
  );
  await query.execute({ id, channelId, ts });
}

export async function listClosedBetween(db: DbOrTx, ownerId: string, from: Date, to: Date): Promise<WorkItemRow[]> {
  return db
    .select()
    .from(workItems)
    .where(
      and(
        eq(workItems.ownerId, ownerId),
        inArray(workItems.status, [...DECIDED_STATUSES]),
        gte(workItems.decidedAt, from),
        lt(workItems.decidedAt, to),
      ),
    )
    .orderBy(asc(workItems.decidedAt))
    .limit(50);
}

/** Cards waiting for review and not reminded since `remindedBefore`, longest waiting first, with their owner's stale threshold. */
export async function listReviewsToRemind(db: DbOrTx, remindedBefore: Date, limit = 200) {
  return db
    .select({ item: workItems, staleHours: people.staleHours })
    .from(workItems)
    .innerJoin(people, eq(people.userId, workItems.ownerId))
    .where(and(eq(workItems.status, 'awaiting_review'), isNotNull(workItems.cardTs), or(isNull(workItems.remindedAt), lt(workItems.remindedAt, remindedBefore))))
    .orderBy(asc(workItems.updatedAt))
    .limit(limit);
}

/** Marks a reminder as sent; false if another run already did since `remindedBefore` (so nobody is reminded twice). */
export async function claimReminder(db: DbOrTx, id: string, now: Date, remindedBefore: Date): Promise<boolean> {
  const rows = await db
    .update(workItems)
    .set({ remindedAt: now })
    .where(and(eq(workItems.id, id), or(isNull(workItems.remindedAt), lt(workItems.remindedAt, remindedBefore))))
    .returning({ id: workItems.id });
  return rows.length === 1;
}

/** How long this person's last runs of an agent took, from delegation to the first artifact (ms). */
export async function recentRunDurations(db: DbOrTx, ownerId: string, agent: string, limit = 10): Promise<number[]> {
  const rows = await db
    .select({ asked: workItems.createdAt, ready: artifacts.createdAt })
    .from(workItems)
    .innerJoin(artifacts, and(eq(artifacts.workItemId, workItems.id), eq(artifacts.version, 1)))
    .where(and(eq(workItems.ownerId, ownerId), eq(workItems.agent, agent)))
    .orderBy(desc(workItems.createdAt))
    .limit(limit);
  return rows.map((r) => r.ready.getTime() - r.asked.getTime());
}
