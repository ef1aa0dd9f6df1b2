import { dueForReminder, remindAgainAfter } from '../domain/staleness';
import { claimReminder, listReviewsToRemind } from '../repositories/work-items';
import { staleReminder } from '../views/messages';
import type { Deps } from './deps';

/**
 * One gentle reminder in the card's thread for each review past its owner's stale
 * threshold, never more than one a day per item. Nothing expires: approval never times out.
 */
export async function sendStaleReminders(deps: Deps): Promise<number> {
  const now = deps.now();
  let sent = 0;
  const cutoff = remindAgainAfter(now);
  for (const { item, staleHours } of await listReviewsToRemind(deps.db, cutoff)) {
    if (!dueForReminder({ waitingSince: item.updatedAt, remindedAt: item.remindedAt }, staleHours, now)) continue;
    if (!(await claimReminder(deps.db, item.id, now, cutoff))) continue;
    try {
      await deps.slack.post(item.cardChannelId!, staleReminder(item.ownerId, item.updatedAt, now), { threadTs: item.cardTs! });
      sent++;
    } catch (error) {
      deps.logger.warn(`Stale reminder for item ${item.id} not sent`, error);
    }
  }
  return sent;
}
