import type { Agenda } from 'agenda';
import { z } from 'zod';
import type { Deps } from '../use-cases/deps';
import { takeEvent } from '../use-cases/watch-events';
import { defineParsedJob } from './define-job';

export const WATCH_EVENT_JOB = 'watch-event';

const labels = z.record(z.string(), z.string());

/** One event for one watch. The data is parsed again here: a job can outlive a deploy. */
export const watchEventData = z.object({
  watchId: z.uuid(),
  /** The GitHub delivery (or the alert's notification) it came in, for the logs. */
  delivery: z.string().max(200),
  event: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('pr_ready'), key: z.string(), draft: z.boolean() }),
    z.object({ kind: z.literal('pr_updated'), key: z.string() }),
    z.object({ kind: z.literal('pr_closed'), key: z.string() }),
    z.object({ kind: z.literal('alert_firing'), key: z.string(), critical: z.boolean() }),
    z.object({ kind: z.literal('alert_resolved'), key: z.string() }),
  ]),
  subject: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('pull_request'), owner: z.string(), repo: z.string(), number: z.number().int(), title: z.string(), url: z.string(), author: z.string().nullable() }),
    z.object({
      kind: z.literal('alert_group'),
      source: z.enum(['alertmanager', 'generic']),
      title: z.string(),
      severity: z.string().nullable(),
      receiver: z.string().nullable(),
      status: z.enum(['firing', 'resolved']),
      url: z.string().nullable(),
      labels,
      alerts: z.array(z.string()),
      truncated: z.number().int(),
    }),
  ]),
});
export type WatchEventData = z.infer<typeof watchEventData>;

/** Queues the work of a webhook: the HTTP answer is given as soon as this is stored. */
export function watchEventQueue(agenda: Agenda) {
  return {
    async enqueue(data: WatchEventData): Promise<void> {
      await agenda.now(WATCH_EVENT_JOB, data);
    },
  };
}

export function defineWatchEventJob(agenda: Agenda, deps: Deps): void {
  defineParsedJob(agenda, deps, {
    name: WATCH_EVENT_JOB,
    data: watchEventData,
    run: async (data) => {
      const outcome = await takeEvent(deps, data);
      deps.logger.info(`Delivery ${data.delivery} for watch ${data.watchId}: ${outcome}`);
    },
    // One at a time: two deliveries about the same PR or alert group (opened, then new commits
    // a second later) must see each other's item, not both start one.
  }, { concurrency: 1 });
}
