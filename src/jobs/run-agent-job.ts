import type { Agenda, Job } from 'agenda';
import { z } from 'zod';
import { listStranded } from '../repositories/work-items';
import type { Deps, RunQueue } from '../use-cases/deps';
import { giveUpRun, runAgent } from '../use-cases/run-agent';

export const RUN_AGENT_JOB = 'run-agent';

/** This job's data, parsed on the way in: a job can outlive a deploy. */
export const runAgentData = z.object({ workItemId: z.uuid(), runSeq: z.number().int().min(1) });
export type RunAgentData = z.infer<typeof runAgentData>;

/** Thrown when another worker holds this run's claim: the job is retried later. */
export class RunBusyError extends Error {
  constructor(workItemId: string) {
    super(`Run for ${workItemId} is claimed by another worker`);
    this.name = 'RunBusyError';
  }
}

/**
 * Retry policy. A busy run is retried until its claim's lease has surely expired (a worker
 * that died mid-run); other errors (database away, Slack down) back off exponentially.
 */
export function retryDelayMs(error: Error, attempt: number, leaseMs: number): number | null {
  if (error instanceof RunBusyError) return attempt <= 10 ? Math.ceil(leaseMs / 5) : null;
  return attempt <= 5 ? 2_000 * 2 ** (attempt - 1) : null;
}

export function defineRunAgentJob(agenda: Agenda, deps: Deps, lockLifetime: number): void {
  agenda.on(`retry exhausted:${RUN_AGENT_JOB}`, (error: Error, job: { attrs: { data: unknown } }) => {
    const data = runAgentData.safeParse(job.attrs.data);
    if (!data.success) return;
    giveUpRun(deps, data.data, error.message).catch((e) => deps.logger.error(`Could not fail item ${data.data.workItemId}`, e));
  });
  agenda.define(
    RUN_AGENT_JOB,
    async (job: Job<RunAgentData>) => {
      const data = runAgentData.safeParse(job.attrs.data);
      if (!data.success) {
        deps.logger.error(`Dropping ${RUN_AGENT_JOB} job with invalid data: ${data.error.message}`);
        return;
      }
      const outcome = await runAgent(deps, data.data, { leaseMs: lockLifetime, heartbeat: () => job.touch() });
      deps.logger.debug(`${RUN_AGENT_JOB} ${data.data.workItemId}#${data.data.runSeq}: ${outcome}`);
      if (outcome === 'busy') throw new RunBusyError(data.data.workItemId);
    },
    { lockLifetime, concurrency: 5, backoff: ({ error, attempt }) => retryDelayMs(error, attempt, lockLifetime) },
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
