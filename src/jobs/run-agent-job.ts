import type { Agenda } from 'agenda';
import { z } from 'zod';
import { listStranded } from '../repositories/run-claims';
import type { Deps, RunQueue } from '../use-cases/deps';
import { giveUpRun, runAgent } from '../use-cases/run-agent';
import { defineLeasedJob, enqueueOnce, requeueUnleased } from './leased-job';

export const RUN_AGENT_JOB = 'run-agent';

/** This job's data, parsed on the way in: a job can outlive a deploy. */
export const runAgentData = z.object({ workItemId: z.uuid(), runSeq: z.number().int().min(1) });
export type RunAgentData = z.infer<typeof runAgentData>;

export function defineRunAgentJob(agenda: Agenda, deps: Deps): void {
  defineLeasedJob(agenda, deps, {
    name: RUN_AGENT_JOB,
    data: runAgentData,
    describe: (d) => `item ${d.workItemId}#${d.runSeq}`,
    run: runAgent,
    giveUp: (deps, d, cause) => giveUpRun(deps, d, cause),
  });
}

/** Queues a run once per (item, runSeq): re-queueing the same run is a no-op unless forced. */
export function runQueue(agenda: Agenda): RunQueue {
  return { enqueueRun: (run, opts) => enqueueOnce(agenda, RUN_AGENT_JOB, run, opts) };
}

/** Repair: runs with no live worker (lost between commit and enqueue, or their worker died) are queued again. */
export function requeueStranded(deps: Deps): Promise<number> {
  return requeueUnleased(deps, (olderThan) => listStranded(deps.db, olderThan), (row) => deps.runs.enqueueRun({ workItemId: row.id, runSeq: row.runSeq }, { force: true }));
}
