import type { Agenda } from 'agenda';
import { z } from 'zod';
import { listStrandedActions } from '../repositories/item-actions';
import type { ActionQueue, Deps } from '../use-cases/deps';
import { giveUpAction, runAction } from '../use-cases/actions/run';
import { defineLeasedJob } from './leased-job';

export const RUN_ACTION_JOB = 'run-action';

/** This job's data, parsed on the way in: a job can outlive a deploy. */
export const runActionData = z.object({ actionId: z.uuid(), runSeq: z.number().int().min(1) });
export type RunActionData = z.infer<typeof runActionData>;

export function defineRunActionJob(agenda: Agenda, deps: Deps): void {
  defineLeasedJob(agenda, deps, {
    name: RUN_ACTION_JOB,
    data: runActionData,
    describe: (d) => `action ${d.actionId}#${d.runSeq}`,
    run: runAction,
    giveUp: (deps, d, cause) => giveUpAction(deps, d, cause),
  });
}

/** Queues an execution once per (action, runSeq): queueing the same one again is a no-op unless forced. */
export function actionQueue(agenda: Agenda): ActionQueue {
  return {
    async enqueueAction(run, opts) {
      await agenda
        .create(RUN_ACTION_JOB, run)
        .unique({ 'data.actionId': run.actionId, 'data.runSeq': run.runSeq }, { insertOnly: !opts?.force })
        .schedule(new Date())
        .save();
    },
  };
}

/** Repair: executions with no live worker (lost between commit and enqueue, or their worker died) are queued again. */
export async function requeueStrandedActions(deps: Deps): Promise<number> {
  const stranded = await listStrandedActions(deps.db, new Date(deps.now().getTime() - deps.config.jobs.leaseMs));
  for (const row of stranded) await deps.actions.enqueueAction({ actionId: row.id, runSeq: row.runSeq }, { force: true });
  return stranded.length;
}
