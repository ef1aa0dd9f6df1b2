import { randomUUID } from 'node:crypto';
import type { Agenda, Job } from 'agenda';
import { z } from 'zod';
import type { Deps, HomeRefresher } from '../use-cases/deps';
import { publishHome } from '../use-cases/home';
import type { Activity } from './activity';
import { defineParsedJob } from './define-job';

export const PUBLISH_HOME_JOB = 'publish-home';
/** `request` stamps each refresh request (older jobs have none). */
const publishHomeData = z.object({ userId: z.string().min(1), request: z.string().optional() });

/**
 * A burst of changes to one person's items publishes their Home once (trailing debounce, per person).
 *
 * A request that arrives while that person's Home is being published moves the job's next run,
 * but Agenda, when the run finishes, writes back the run's own "no next run": the request would
 * be lost, and the publish may have read the items before the change that asked for it. So each
 * request stamps the job's data, and when a publish finishes with another stamp on the job than
 * the one it ran for, the Home is requested again.
 */
export function homeRefresher(agenda: Agenda, debounceMs = 750, activity?: Activity): HomeRefresher {
  // Agenda's unique upsert is not atomic: concurrent saves for one person would make several
  // jobs. Saves for the same person are chained in this process, so a burst yields one job.
  const chains = new Map<string, Promise<void>>();
  const save = (userId: string) =>
    agenda
      .create(PUBLISH_HOME_JOB, { userId, request: randomUUID() })
      .unique({ 'data.userId': userId })
      .debounce(debounceMs)
      .schedule(new Date(Date.now() + debounceMs))
      .save()
      .then(() => undefined);
  const chain = (userId: string, step: () => Promise<void>) => {
    const next = (chains.get(userId) ?? Promise.resolve()).catch(() => undefined).then(step);
    chains.set(userId, next);
    void next.finally(() => chains.get(userId) === next && chains.delete(userId)).catch(() => undefined);
    return activity ? activity.track(next) : next;
  };
  const requestedSince = async (ran: Job) => {
    const data = publishHomeData.safeParse(ran.attrs.data);
    if (!data.success || !ran.attrs._id) return;
    const { jobs } = await agenda.queryJobs({ id: String(ran.attrs._id) });
    const now = publishHomeData.safeParse(jobs[0]?.data);
    if (now.success && now.data.request !== data.data.request) await save(data.data.userId);
  };
  // Registered here, so the check is in hand (chained and tracked) in the same turn as the completion.
  agenda.on(`complete:${PUBLISH_HOME_JOB}`, (ran: Job) => {
    const userId = publishHomeData.safeParse(ran.attrs.data).data?.userId;
    if (userId) void chain(userId, () => requestedSince(ran)).catch((e: Error) => agenda.emit('error', e));
  });
  return {
    refresh: (userId) => chain(userId, () => save(userId)),
  };
}

export function definePublishHomeJob(agenda: Agenda, deps: Deps): void {
  defineParsedJob(agenda, deps, { name: PUBLISH_HOME_JOB, data: publishHomeData, run: ({ userId }) => publishHome(deps, userId) }, { concurrency: 3 });
}
