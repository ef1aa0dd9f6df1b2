import { nextRuns, type Schedule } from '../domain/cadence';
import type { ScheduleRow } from '../repositories/schedules';
import type { ScheduleView } from '../views/schedules';

/** A schedule as its list, its confirmation and Home show it, with its next run from now. */
export function toScheduleView(row: ScheduleRow, now: Date): ScheduleView {
  return {
    id: row.id,
    agent: row.agent,
    instructions: row.instructions,
    schedule: row.cadence as Schedule,
    timeZone: row.timeZone,
    leadMinutes: row.leadMinutes,
    state: row.state,
    pausedReason: row.pausedReason,
    nextRun: row.state === 'active' ? (nextRuns(row.cron, row.timeZone, now, 1)[0] ?? null) : null,
    deferredSince: row.deferredSince,
    deferredCount: row.deferredCount,
  };
}
