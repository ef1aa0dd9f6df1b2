import type { Agenda, Job } from 'agenda';
import type { z } from 'zod';
import type { Deps } from '../use-cases/deps';
import type { Lease } from '../use-cases/lease';

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
  agenda.define(
    job.name,
    async (running: Job<D>) => {
      const data = job.data.safeParse(running.attrs.data);
      if (!data.success) {
        deps.logger.error(`Dropping ${job.name} job with invalid data: ${data.error.message}`);
        return;
      }
      const outcome = await job.run(deps, data.data, { leaseMs, heartbeatMs, touch: () => running.touch() });
      deps.logger.debug(`${job.name} ${job.describe(data.data)}: ${outcome}`);
    },
    { lockLifetime: leaseMs, concurrency: 5, backoff: ({ attempt }) => leasedRetryDelayMs(attempt) },
  );
}
