import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { schedules } from '../../db/schema';
import type { DbOrTx } from '../db/database';

/** Data access for schedules. Takes a db (or transaction); holds no rules. */
export type ScheduleRow = typeof schedules.$inferSelect;
export type NewSchedule = typeof schedules.$inferInsert;

export async function insertSchedule(db: DbOrTx, schedule: NewSchedule): Promise<ScheduleRow> {
  const [row] = await db.insert(schedules).values(schedule).returning();
  return row!;
}

export async function getSchedule(db: DbOrTx, id: string): Promise<ScheduleRow | undefined> {
  const [row] = await db.select().from(schedules).where(eq(schedules.id, id));
  return row;
}

export async function listSchedules(db: DbOrTx, ownerId: string): Promise<ScheduleRow[]> {
  return db.select().from(schedules).where(eq(schedules.ownerId, ownerId)).orderBy(asc(schedules.createdAt)).limit(50);
}

export async function listActiveSchedules(db: DbOrTx): Promise<ScheduleRow[]> {
  return db.select().from(schedules).where(eq(schedules.state, 'active'));
}

export async function listActiveSchedulesOf(db: DbOrTx, ownerId: string): Promise<ScheduleRow[]> {
  return db.select().from(schedules).where(and(eq(schedules.ownerId, ownerId), eq(schedules.state, 'active')));
}

export async function listDeferred(db: DbOrTx, ownerId: string): Promise<ScheduleRow[]> {
  return db
    .select()
    .from(schedules)
    .where(and(eq(schedules.ownerId, ownerId), isNotNull(schedules.deferredSince), eq(schedules.state, 'active')))
    .orderBy(asc(schedules.deferredSince));
}

export async function updateSchedule(db: DbOrTx, id: string, patch: Partial<NewSchedule>): Promise<ScheduleRow | undefined> {
  const [row] = await db
    .update(schedules)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(schedules.id, id))
    .returning();
  return row;
}

/** Records (or coalesces into) the one deferred run a schedule may have waiting. */
export async function deferRun(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db
    .update(schedules)
    .set({
      deferredSince: sql`coalesce(${schedules.deferredSince}, ${at.toISOString()}::timestamptz)`,
      deferredCount: sql`${schedules.deferredCount} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(schedules.id, id));
}

export async function deleteSchedule(db: DbOrTx, id: string): Promise<boolean> {
  const deleted = await db.delete(schedules).where(eq(schedules.id, id)).returning({ id: schedules.id });
  return deleted.length === 1;
}

/** Schedule ids that Agenda has repeating jobs for (for start-up reconciliation). */
export async function scheduleIdsWithJobs(db: DbOrTx, jobName: string): Promise<string[]> {
  const result = await db.execute<{ schedule_id: string }>(
    sql`select distinct data->>'scheduleId' as schedule_id from agenda_jobs where name = ${jobName}`,
  );
  return result.rows.map((r) => r.schedule_id).filter(Boolean);
}
