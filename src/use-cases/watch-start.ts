import { requestFor, type EventSubject } from '../domain/event-intake';
import { insertEvent, type WatchEventRow, type WatchRow } from '../repositories/watches';
import { watchEvents } from '../../db/schema';
import { and, eq, sql } from 'drizzle-orm';
import { delegate } from './delegate';
import type { Deps } from './deps';

class AlreadyTaken extends Error {}

/**
 * Starts the run for an event, like any delegation, under the person's lock: the event row
 * is written in the same transaction as the admission. New events are inserted as started
 * (or waiting, if the limit was reached meanwhile); a waiting one is moved to started only
 * if it is still waiting, so two freed slots never start it twice.
 */
export async function startForEvent(
  deps: Deps,
  watch: WatchRow,
  ev: { key: string; subject: EventSubject; overLimit: boolean; waiting?: WatchEventRow },
): Promise<'started' | 'waiting' | 'taken'> {
  try {
    const result = await delegate(
      deps,
      {
        userId: watch.ownerId,
        teamId: watch.teamId,
        channelId: watch.channelId ?? watch.ownerId,
        agent: watch.agent,
        instructions: requestFor(ev.subject),
        source: 'watch',
        overrideLimit: ev.overLimit,
      },
      {
        onDecision: async (tx, kind, item) => {
          if (kind !== 'accepted' && kind !== 'refused') return;
          if (ev.waiting) {
            if (kind !== 'accepted') return;
            const moved = await tx
              .update(watchEvents)
              .set({ status: 'started', workItemId: item!.id, updatedAt: sql`now()` })
              .where(and(eq(watchEvents.id, ev.waiting.id), eq(watchEvents.status, 'waiting')))
              .returning({ id: watchEvents.id });
            if (!moved.length) throw new AlreadyTaken();
            return;
          }
          await insertEvent(tx, {
            watchId: watch.id,
            eventKey: ev.key,
            status: kind === 'accepted' ? 'started' : 'waiting',
            summary: { ...ev.subject, ...(ev.overLimit ? { overLimit: true } : {}) },
            workItemId: item?.id ?? null,
          });
        },
      },
    );
    return result.kind === 'accepted' ? 'started' : 'waiting';
  } catch (error) {
    if (error instanceof AlreadyTaken) return 'taken';
    throw error;
  }
}
