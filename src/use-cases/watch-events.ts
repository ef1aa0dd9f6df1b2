import { decideIntake, type EventSubject, type IntakeDecision, type WatchedEvent } from '../domain/event-intake';
import { countOpen, getWorkItem } from '../repositories/work-items';
import { getPerson } from '../repositories/people';
import { countStartedSince, getWatch, insertEvent, latestEvent, updateEvent } from '../repositories/watches';
import { startForEvent } from './watch-start';
import type { Deps } from './deps';
import { postStormCard } from './watch-storm';
import { rerunOnNewCommits, supersede, republish } from './watch-items';

export type TakeOutcome = IntakeDecision['type'] | 'no_watch' | 'raced_to_limit';

/**
 * One event for one watch (the watch-event job): what it does is decided by the pure intake
 * rules, then carried out. Idempotent where a repeat could matter: a PR already under review
 * or an alert group already open is found by its key, not started again.
 */
export async function takeEvent(deps: Deps, input: { watchId: string; event: WatchedEvent; subject: EventSubject }): Promise<TakeOutcome> {
  const watch = await getWatch(deps.db, input.watchId);
  if (!watch || watch.state !== 'active') return 'no_watch';
  const latest = await latestEvent(deps.db, watch.id, input.event.key);
  const item = latest?.workItemId ? await getWorkItem(deps.db, latest.workItemId) : undefined;
  const person = await getPerson(deps.db, watch.ownerId);
  const decision = decideIntake(input.event, {
    item: item ? { id: item.id, status: item.status } : null,
    waiting: latest?.status === 'waiting' || latest?.status === 'storm',
    openCount: await countOpen(deps.db, watch.ownerId),
    wipLimit: person?.wipLimit ?? deps.config.wipLimit,
    startedLastHour: await countStartedSince(deps.db, watch.id, new Date(deps.now().getTime() - 3_600_000)),
    rateLimit: watch.hourlyLimit,
  });
  deps.logger.info(`Watch ${watch.id} (${watch.key}): ${input.event.kind} ${input.event.key} → ${decision.type}${decision.type === 'ignore' ? ` (${decision.why})` : ''}`);
  switch (decision.type) {
    case 'start': {
      const started = await startForEvent(deps, watch, { key: input.event.key, subject: input.subject, overLimit: decision.overLimit });
      return started === 'started' ? 'start' : 'raced_to_limit';
    }
    case 'defer':
      await insertEvent(deps.db, { watchId: watch.id, eventKey: input.event.key, status: 'waiting', summary: input.subject });
      await deps.home.refresh(watch.ownerId).catch((e) => deps.logger.warn(`Home refresh for ${watch.ownerId} not queued`, e));
      return 'defer';
    case 'storm':
      await postStormCard(deps, watch, await insertEvent(deps.db, { watchId: watch.id, eventKey: input.event.key, status: 'storm', summary: input.subject }));
      return 'storm';
    case 'rerun':
      await rerunOnNewCommits(deps, item!);
      return 'rerun';
    case 'notify_again':
      await updateEvent(deps.db, latest!.id, { notifications: latest!.notifications + 1, summary: { ...(latest!.summary as object), ...input.subject }, resolvedAt: null });
      await republish(deps, item!);
      return 'notify_again';
    case 'supersede':
      await supersede(deps, item!);
      return 'supersede';
    case 'resolve':
      await updateEvent(deps.db, latest!.id, { resolvedAt: deps.now(), summary: { ...(latest!.summary as object), ...input.subject } });
      await republish(deps, item!);
      return 'resolve';
    case 'drop_waiting':
      await updateEvent(deps.db, latest!.id, { status: 'dropped' });
      await deps.home.refresh(watch.ownerId).catch((e) => deps.logger.warn(`Home refresh for ${watch.ownerId} not queued`, e));
      return 'drop_waiting';
    case 'ignore':
      return 'ignore';
  }
}
