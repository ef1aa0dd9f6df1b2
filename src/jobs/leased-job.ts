import type { Agenda } from 'agenda';
import type { z } from 'zod';
import type { Deps } from '../use-cases/deps';
import type { Lease } from '../use-cases/lease';
import { defineParsedJob } from './define-job';

/** What a leased job does: one run of claimed work, and how to fail it visibly once retries run out. */
export interface LeasedJob<D> {
  name: string;
  data: z.ZodType<D>;
  describe: (data: D) => string;
  /** 'busy' means a live worker holds the claim on this work. */
  run: (deps: Deps, data: D, lease: Lease) => Promise<string>;
  giveUp: (deps: Deps, data: D, cause: string) => Promise<void>;
}

/** Unexpected errors (the database away, Slack down) back off 2 s … 32 s, then the work fails visibly with Retry. */
export function leasedRetryDelayMs(attempt: number): number | null {
  return attempt <= 5 ? 2_000 * 2 ** (attempt - 1) : null;
}

/**
 * Defines a job whose work is held under a short lease (`config.jobs.leaseMs`) renewed every
 * heartbeat, together with Agenda's own lock on the job. A dead worker stops renewing both, so
 * its work is taken over a lease later by whoever runs the job next: Agenda (its lock expired),
 * or the repair job (the claim expired). A duplicate that finds the claim held by a live worker
 * is dropped, not retried: that worker finishes the work, and if it dies the above applies.
 */
export function defineLeasedJob<D>(agenda: Agenda, deps: Deps, job: LeasedJob<D>): void {
  const { leaseMs, heartbeatMs } = deps.config.jobs;
  agenda.on(`retry exhausted:${job.name}`, (error: Error, failed: { attrs: { data: unknown } }) => {
    const data = job.data.safeParse(failed.attrs.data);
    if (!data.success) return;
    job.giveUp(deps, data.data, error.message).catch((e) => deps.logger.error(`Could not fail ${job.describe(data.data)}`, e));
  });
  defineParsedJob(
    agenda,
    deps,
    {
      name: job.name,
      data: job.data,
      run: async (data, running) => {
        const outcome = await job.run(deps, data, { leaseMs, heartbeatMs, touch: () => running.touch() });
        deps.logger.debug(`${job.name} ${job.describe(data)}: ${outcome}`);
      },
    },
    { lockLifetime: leaseMs, concurrency: 5, backoff: ({ attempt }) => leasedRetryDelayMs(attempt) },
  );
}

/** Queues leased work once per key (its data): queueing it again is a no-op unless forced (repair re-arms a job that already ran). */
export async function enqueueOnce(agenda: Agenda, name: string, data: Record<string, string | number>, opts?: { force?: boolean }): Promise<void> {
  const key = Object.fromEntries(Object.entries(data).map(([field, value]) => [`data.${field}`, value]));
  await agenda.create(name, data).unique(key, { insertOnly: !opts?.force }).schedule(new Date()).save();
}

/** Repair: work no live worker has renewed within a lease is queued again, forced. */
export async function requeueUnleased<R>(deps: Deps, list: (olderThan: Date) => Promise<R[]>, enqueue: (row: R) => Promise<void>): Promise<number> {
  const stranded = await list(new Date(deps.now().getTime() - deps.config.jobs.leaseMs));
  for (const row of stranded) await enqueue(row);
  return stranded.length;
}
