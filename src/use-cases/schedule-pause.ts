import { getSchedule, updateSchedule, type ScheduleRow } from '../repositories/schedules';
import type { WorkItemRow } from '../repositories/work-items';
import { pauseReasonText, type PauseReason } from '../views/schedules';
import type { Deps } from './deps';
import type { CardPublished } from './publish-card';

/** Pauses a schedule (its job stops firing) and says why on Home. */
export async function pause(deps: Deps, schedule: ScheduleRow, reason: PauseReason): Promise<void> {
  const text = pauseReasonText(reason);
  const row = await updateSchedule(deps.db, schedule.id, { state: 'paused', pausedReason: text, deferredSince: null, deferredCount: 0 });
  if (row) await deps.schedules.sync(row);
  await deps.home.refresh(schedule.ownerId).catch((e) => deps.logger.warn(`Home refresh for ${schedule.ownerId} not queued`, e));
  deps.logger.warn(`Schedule ${schedule.id} paused: ${text}`);
}

/** A schedule whose channel is gone is paused, not retried forever (its card went to the owner's DM). */
export async function pauseIfUnreachable(deps: Deps, row: WorkItemRow, published: CardPublished): Promise<void> {
  if (!published.unreachable || !row.scheduleId) return;
  const schedule = await getSchedule(deps.db, row.scheduleId);
  if (schedule?.state === 'active') await pause(deps, schedule, { kind: 'channel_unreachable', ...published.unreachable });
}
