import type { Agenda, Job } from 'agenda';
import { z } from 'zod';
import type { Deps, HomeRefresher } from '../use-cases/deps';
import { publishHome } from '../use-cases/home';

export const PUBLISH_HOME_JOB = 'publish-home';
const publishHomeData = z.object({ userId: z.string().min(1) });

/** A burst of changes to one person's items publishes their Home once (trailing debounce, per person). */
export function homeRefresher(agenda: Agenda, debounceMs = 750): HomeRefresher {
  return {
    async refresh(userId) {
      await agenda
        .create(PUBLISH_HOME_JOB, { userId })
        .unique({ 'data.userId': userId })
        .debounce(debounceMs)
        .schedule(new Date(Date.now() + debounceMs))
        .save();
    },
  };
}

export function definePublishHomeJob(agenda: Agenda, deps: Deps): void {
  agenda.define(
    PUBLISH_HOME_JOB,
    async (job: Job<z.infer<typeof publishHomeData>>) => {
      const data = publishHomeData.safeParse(job.attrs.data);
      if (!data.success) return;
      await publishHome(deps, data.data.userId);
    },
    { concurrency: 3 },
  );
}
