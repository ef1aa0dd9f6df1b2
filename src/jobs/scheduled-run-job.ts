import type { Agenda } from 'agenda';
import { z } from 'zod';
import { dueSlot } from '../domain/cadence';
import { getSchedule, listActiveSchedules, scheduleIdsWithJobs, type ScheduleRow } from '../repositories/schedules';
import type { Deps, ScheduleJobs } from '../use-cases/deps';
import { fireSchedule } from '../use-cases/schedules';
import { defineParsedJob } from './define-job';

export const SCHEDULED_RUN_JOB = 'scheduled-run';

export const scheduledRunData = z.object({ scheduleId: z.uuid() });

/**
 * The only place that creates, changes or removes schedules' Agenda jobs, so a schedule
 * and its job cannot drift apart; `reconcile` repairs any difference at start-up.
 */
export function scheduleJobs(agenda: Agenda): ScheduleJobs {
  const cancel = (id: string) => agenda.cancel({ name: SCHEDULED_RUN_JOB, data: { scheduleId: id } });
  return {
    async sync(schedule: ScheduleRow, opts) {
      if (schedule.state !== 'active') {
        await cancel(schedule.id);
        return;
      }
      // onlyIfMissing keeps an existing job's next run (an overdue one fires once at start-up).
      await agenda
        .create(SCHEDULED_RUN_JOB, { scheduleId: schedule.id })
        .unique({ 'data.scheduleId': schedule.id }, { insertOnly: Boolean(opts?.onlyIfMissing) })
        .repeatEvery(schedule.cron, { timezone: schedule.timeZone, skipImmediate: true })
        .save();
    },
    async remove(id: string) {
      await cancel(id);
    },
  };
}

export function defineScheduledRunJob(agenda: Agenda, deps: Deps): void {
  defineParsedJob(agenda, deps, {
    name: SCHEDULED_RUN_JOB,
    data: scheduledRunData,
    run: async ({ scheduleId }) => {
      const schedule = await getSchedule(deps.db, scheduleId);
      if (!schedule) return; // deleted; reconcile removes the job
      await fireSchedule(deps, schedule, dueSlot(schedule.cron, schedule.timeZone, deps.now()));
    },
  });
}

/** Start-up repair: every active schedule has its job; no job outlives its schedule. */
export async function reconcileScheduleJobs(deps: Deps): Promise<{ synced: number; removed: number }> {
  const active = await listActiveSchedules(deps.db);
  for (const schedule of active) await deps.schedules.sync(schedule, { onlyIfMissing: true });
  const activeIds = new Set(active.map((s) => s.id));
  const orphans = (await scheduleIdsWithJobs(deps.db, SCHEDULED_RUN_JOB)).filter((id) => !activeIds.has(id));
  for (const id of orphans) await deps.schedules.remove(id);
  return { synced: active.length, removed: orphans.length };
}
