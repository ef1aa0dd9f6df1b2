import type { Agenda } from 'agenda';
import { z } from 'zod';
import type { Deps, HomeRefresher } from '../use-cases/deps';
import { publishHome } from '../use-cases/home';
import type { Activity } from './activity';
import { defineParsedJob } from './define-job';

export const PUBLISH_HOME_JOB = 'publish-home';
const publishHomeData = z.object({ userId: z.string().min(1) });

/** A burst of changes to one person's items publishes their Home once (trailing debounce, per person). */
export function homeRefresher(agenda: Agenda, debounceMs = 750, activity?: Activity): HomeRefresher {
  // Agenda's unique upsert is not atomic: concurrent saves for one person would make several
  // jobs. Saves for the same person are chained in this process, so a burst yields one job.
  const chains = new Map<string, Promise<void>>();
  const save = (userId: string) =>
    agenda
      .create(PUBLISH_HOME_JOB, { userId })
      .unique({ 'data.userId': userId })
      .debounce(debounceMs)
      .schedule(new Date(Date.now() + debounceMs))
      .save()
      .then(() => undefined);
  return {
    refresh(userId) {
      const next = (chains.get(userId) ?? Promise.resolve()).catch(() => undefined).then(() => save(userId));
      chains.set(userId, next);
      void next.finally(() => chains.get(userId) === next && chains.delete(userId)).catch(() => undefined);
      return activity ? activity.track(next) : next;
    },
  };
}

export function definePublishHomeJob(agenda: Agenda, deps: Deps): void {
  defineParsedJob(agenda, deps, { name: PUBLISH_HOME_JOB, data: publishHomeData, run: ({ userId }) => publishHome(deps, userId) }, { concurrency: 3 });
}
