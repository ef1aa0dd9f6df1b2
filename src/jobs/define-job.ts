import type { Agenda, Job } from 'agenda';
import type { z } from 'zod';
import type { Deps } from '../use-cases/deps';

/**
 * Defines a job whose data is parsed on the way in: a job can outlive a deploy, so data this
 * version cannot read is dropped with an error in the log, never run half-understood.
 */
export function defineParsedJob<D>(
  agenda: Agenda,
  deps: Pick<Deps, 'logger'>,
  job: { name: string; data: z.ZodType<D>; run: (data: D, running: Job<D>) => Promise<void> },
  options?: Parameters<Agenda['define']>[2],
): void {
  agenda.define(
    job.name,
    async (running: Job<D>) => {
      const data = job.data.safeParse(running.attrs.data);
      if (!data.success) return void deps.logger.error(`Dropping ${job.name} job with invalid data: ${data.error.message}`);
      await job.run(data.data, running);
    },
    options,
  );
}
