import type { Agenda } from 'agenda';
import { z } from 'zod';
import { listStrandedActions } from '../repositories/item-actions';
import type { ActionQueue, Deps } from '../use-cases/deps';
import { giveUpAction, runAction } from '../use-cases/actions/run';
import { defineLeasedJob, enqueueOnce, requeueUnleased } from './leased-job';

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
  return { enqueueAction: (run, opts) => enqueueOnce(agenda, RUN_ACTION_JOB, run, opts) };
}

/** Repair: executions with no live worker (lost between commit and enqueue, or their worker died) are queued again. */
export function requeueStrandedActions(deps: Deps): Promise<number> {
  return requeueUnleased(deps, (olderThan) => listStrandedActions(deps.db, olderThan), (row) => deps.actions.enqueueAction({ actionId: row.id, runSeq: row.runSeq }, { force: true }));
}
