/**
 * Which stretch of a conversation a request means: "since monday", "since yesterday",
 * "today", "last 7 days", "last 12 hours". Without one, since this agent last read that
 * channel for this person, else the last 24 hours. Weekdays and days start at midnight in
 * the person's time zone.
 */
export type ReadWindow = { since: Date; why: 'asked' | 'since_last_run' | 'default' };

export const DEFAULT_WINDOW_HOURS = 24;
/** A window is never longer than this: "since last run" after a month away is capped too. */
export const MAX_WINDOW_DAYS = 31;

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export function readWindow(text: string, now: Date, timeZone: string, lastRead: Date | null): ReadWindow {
  const asked = askedSince(text.toLowerCase(), now, timeZone);
  const floor = new Date(now.getTime() - MAX_WINDOW_DAYS * 86_400_000);
  const capped = (d: Date) => (d < floor ? floor : d);
  if (asked) return { since: capped(asked), why: 'asked' };
  if (lastRead && lastRead < now) return { since: capped(lastRead), why: 'since_last_run' };
  return { since: new Date(now.getTime() - DEFAULT_WINDOW_HOURS * 3_600_000), why: 'default' };
}

function askedSince(text: string, now: Date, timeZone: string): Date | null {
  const last = /\b(?:last|past)\s+(\d{1,3})\s+(day|days|hour|hours|week|weeks)\b/.exec(text);
  if (last) {
    const n = Number(last[1]);
    const unit = last[2]!.startsWith('hour') ? 3_600_000 : last[2]!.startsWith('week') ? 7 * 86_400_000 : 86_400_000;
    return new Date(now.getTime() - n * unit);
  }
  const day = /\bsince\s+(sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/.exec(text);
  if (day) {
    const today = localWeekday(now, timeZone);
    const back = (today - WEEKDAYS.indexOf(day[1]!) + 7) % 7 || 7;
    return startOfDay(now, timeZone, back);
  }
  // Bare words last: "since monday, flag anything due today" means since Monday.
  if (/\bsince yesterday\b/.test(text)) return startOfDay(now, timeZone, 1);
  if (/\btoday\b/.test(text)) return startOfDay(now, timeZone, 0);
  if (/\byesterday\b/.test(text)) return startOfDay(now, timeZone, 1);
  return null;
}

/** Midnight `daysBack` days ago in the zone, as an instant. */
function startOfDay(now: Date, timeZone: string, daysBack: number): Date {
  const parts = localParts(now, timeZone);
  const localMidnightAsUtc = Date.UTC(parts.year, parts.month - 1, parts.day - daysBack);
  // The zone's offset at that moment (one correction step is enough away from DST edges).
  const guess = new Date(localMidnightAsUtc);
  const offset = zoneOffsetMs(guess, timeZone);
  return new Date(localMidnightAsUtc - zoneOffsetMs(new Date(localMidnightAsUtc - offset), timeZone));
}

function localWeekday(now: Date, timeZone: string): number {
  const p = localParts(now, timeZone);
  return new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
}

function localParts(at: Date, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' });
  const get = (type: string) => Number(f.formatToParts(at).find((p) => p.type === type)!.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

function zoneOffsetMs(at: Date, timeZone: string): number {
  const p = localParts(at, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at.getTime() / 1000) * 1000;
}
