/** A review waits this long before it counts as stale, unless its owner chose otherwise. */
export const DEFAULT_STALE_HOURS = 24;

/** The range a person may choose from: an hour to 30 days. */
export const STALE_HOURS_MIN = 1;
export const STALE_HOURS_MAX = 720;

/** Nothing expires: a review waiting past its owner's threshold is only marked stale (Home, digest) and reminded. */
export function isStale(waitingSince: Date, staleHours: number, now: Date): boolean {
  return waitingSince.getTime() < now.getTime() - staleHours * 3_600_000;
}

/** At most one reminder a day per item. */
export const REMIND_AT_MOST_EVERY_MS = 86_400_000;

/** Reminders sent before this may be followed by another now. */
export function remindAgainAfter(now: Date): Date {
  return new Date(now.getTime() - REMIND_AT_MOST_EVERY_MS);
}

/** Whether an item waiting for review gets a reminder now. */
export function dueForReminder(item: { waitingSince: Date; remindedAt: Date | null }, staleHours: number, now: Date): boolean {
  return isStale(item.waitingSince, staleHours, now) && (item.remindedAt === null || item.remindedAt < remindAgainAfter(now));
}
