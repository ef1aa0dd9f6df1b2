/**
 * A time of day as people type it, pure: "9:00", "08:45", "16:00", "9am", "4:30pm",
 * "4:30 pm". One reading for schedules and for the digest time.
 */
export interface Time {
  hour: number;
  minute: number;
}

const CLOCK = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/i;

/** Shaped like a time, possible or not ("25:00" is); a bare number ("9") is not. */
export function looksLikeTime(text: string): boolean {
  const m = CLOCK.exec(text.trim());
  return Boolean(m && (m[2] || m[3]));
}

/** Hour and minute on a 24-hour clock; undefined for a bare number or a time that cannot be ("13pm", "9:75"). */
export function parseTimeOfDay(text: string): Time | undefined {
  const m = CLOCK.exec(text.trim());
  if (!m || (!m[2] && !m[3])) return undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  const meridiem = m[3]?.toLowerCase();
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return undefined;
  return { hour, minute };
}
