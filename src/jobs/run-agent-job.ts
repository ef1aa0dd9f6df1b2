import type { Agenda, Job } from 'agenda';
import { z } from 'zod';
import { listStranded } from '../repositories/work-items';
import type { Deps, RunQueue } from '../use-cases/deps';
import { runAgent } from '../use-cases/run-agent';

export const RUN_AGENT_JOB = 'run-agent';

/** This job's data, parsed on the way in: a job can outlive a deploy. */
export const runAgentData = z.object({ workItemId: z.uuid(), runSeq: z.number().int().min(1) });
export type RunAgentData = z.infer<typeof runAgentData>;

export function defineRunAgentJob(agenda: Agenda, deps: Deps, lockLifetime: number): void {
  agenda.define(
    RUN_AGENT_JOB,
    async (job: Job<RunAgentData>) => {
      const data = runAgentData.safeParse(job.attrs.data);
      if (!data.success) {
        deps.logger.error(`Dropping ${RUN_AGENT_JOB} job with invalid data: ${data.error.message}`);
        return;
      }
      const outcome = await runAgent(deps, data.data, () => job.touch());
      deps.logger.debug(`${RUN_AGENT_JOB} ${data.data.workItemId}#${data.data.runSeq}: ${outcome}`);
    },
    { lockLifetime, concurrency: 5 },
  );
}

/** Queues a run once per (item, runSeq): re-queueing the same run is a no-op. */
export function runQueue(agenda: Agenda): RunQueue {
  return {
    async enqueueRun(run, opts) {
      await agenda
        .create(RUN_AGENT_JOB, run)
        .unique({ 'data.workItemId': run.workItemId, 'data.runSeq': run.runSeq }, { insertOnly: !opts?.force })
        .schedule(new Date())
        .save();
    },
  };
}

/** Start-up repair: runs whose job was lost (crash between commit and enqueue) are queued again. */
export async function requeueStranded(deps: Deps, queue: RunQueue): Promise<number> {
  const stranded = await listStranded(deps.db, new Date(deps.now().getTime() - 60_000));
  for (const row of stranded) await queue.enqueueRun({ workItemId: row.id, runSeq: row.runSeq }, { force: true });
  return stranded.length;
}
