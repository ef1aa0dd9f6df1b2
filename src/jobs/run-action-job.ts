import type { Agenda, Job } from 'agenda';
import { z } from 'zod';
import type { ActionQueue, Deps } from '../use-cases/deps';
import { runAction } from '../use-cases/actions';

export const RUN_ACTION_JOB = 'run-action';

/** A claim on one action outlives any single Slack post by far; a dead worker's claim expires after this. */
export const ACTION_LEASE_MS = 120_000;

/** This job's data, parsed on the way in: a job can outlive a deploy. */
export const runActionData = z.object({ actionId: z.uuid(), runSeq: z.number().int().min(1) });
export type RunActionData = z.infer<typeof runActionData>;

/** Thrown when another worker holds this action's claim: the job is retried after a while. */
export class ActionBusyError extends Error {
  constructor(actionId: string) {
    super(`Action ${actionId} is claimed by another worker`);
    this.name = 'ActionBusyError';
  }
}

/** A busy action is retried until the other claim has surely expired; other errors back off exponentially. */
export function actionRetryDelayMs(error: Error, attempt: number): number | null {
  if (error instanceof ActionBusyError) return attempt <= 10 ? Math.ceil(ACTION_LEASE_MS / 5) : null;
  return attempt <= 5 ? 2_000 * 2 ** (attempt - 1) : null;
}

export function defineRunActionJob(agenda: Agenda, deps: Deps): void {
  agenda.define(
    RUN_ACTION_JOB,
    async (job: Job<RunActionData>) => {
      const data = runActionData.safeParse(job.attrs.data);
      if (!data.success) {
        deps.logger.error(`Dropping ${RUN_ACTION_JOB} job with invalid data: ${data.error.message}`);
        return;
      }
      const outcome = await runAction(deps, data.data, { leaseMs: ACTION_LEASE_MS });
      deps.logger.debug(`${RUN_ACTION_JOB} ${data.data.actionId}#${data.data.runSeq}: ${outcome}`);
      if (outcome === 'busy') throw new ActionBusyError(data.data.actionId);
    },
    { lockLifetime: ACTION_LEASE_MS, concurrency: 5, backoff: ({ error, attempt }) => actionRetryDelayMs(error, attempt) },
  );
}

/** Queues an execution once per (action, runSeq): queueing the same one again is a no-op. */
export function actionQueue(agenda: Agenda): ActionQueue {
  return {
    async enqueueAction(run) {
      await agenda
        .create(RUN_ACTION_JOB, run)
        .unique({ 'data.actionId': run.actionId, 'data.runSeq': run.runSeq }, { insertOnly: true })
        .schedule(new Date())
        .save();
    },
  };
}
