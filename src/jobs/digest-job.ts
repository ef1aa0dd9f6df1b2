import type { Agenda } from 'agenda';
import { z } from 'zod';
import { digestCron } from '../domain/digest-settings';
import { listDigestPeople } from '../repositories/people';
import type { Deps, DigestJobs } from '../use-cases/deps';
import { sendDigest } from '../use-cases/digest';
import { defineParsedJob } from './define-job';

export const DIGEST_JOB = 'daily-digest';
const digestData = z.object({ userId: z.string().min(1) });

/**
 * One repeating job per person at their local digest time. Agenda runs a few at a time
 * (concurrency 2), so a thousand digests never compete with the app's acknowledgements,
 * and the Web API client waits out 429s (Retry-After) by itself.
 */
export function digestJobs(agenda: Agenda): DigestJobs {
  return {
    async sync(person) {
      if (!person.digestEnabled || !person.timeZone) {
        await agenda.cancel({ name: DIGEST_JOB, data: { userId: person.userId } });
        return;
      }
      await agenda
        .create(DIGEST_JOB, { userId: person.userId })
        .unique({ 'data.userId': person.userId })
        .repeatEvery(digestCron(person.digestTime, person.digestDays), { timezone: person.timeZone, skipImmediate: true })
        .save();
    },
  };
}

export function defineDigestJob(agenda: Agenda, deps: Deps): void {
  defineParsedJob(agenda, deps, { name: DIGEST_JOB, data: digestData, run: async ({ userId }) => void (await sendDigest(deps, userId)) }, { concurrency: 2 });
}

/** Start-up repair: everyone with a digest has its job. */
export async function reconcileDigestJobs(deps: Deps): Promise<void> {
  for (const person of await listDigestPeople(deps.db)) await deps.digests.sync(person);
}
