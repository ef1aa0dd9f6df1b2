import { CronExpressionParser } from 'cron-parser';
import { looksLikeTime, parseTimeOfDay, type Time } from './time-of-day';

/**
 * The cadence grammar for recurring delegations. Pure: parsing, cron translation,
 * next-run computation (cron-parser, DST-safe) and "ready by" lead time; `now` is passed in.
 *
 *   daily 8:30 | every day 8:30
 *   weekdays 9:00 | every weekday 9:00
 *   weekly mon 9:00 | every friday 16:00
 *   monthly 15 9:00 | every month on the 1st 8:00
 *   every last friday 9:00 | monthly last fri 9:00 | every month on the last friday 9:00
 *   cron "0 9 * * 1-5"
 *   ready by friday 9:00 | every weekday ready by 9:00   (finish by, rather than start at)
 *   ready by last friday 9:00                        (monthly, the month's last Friday)
 */
export type Cadence =
  | { kind: 'daily'; at: Time }
  | { kind: 'weekdays'; at: Time }
  | { kind: 'weekly'; day: number; at: Time }
  | { kind: 'monthly'; dayOfMonth: number; at: Time }
  /** The month's last `day` of the week (0 = Sunday): a cleanup block on the last Friday. */
  | { kind: 'monthly_last'; day: number; at: Time }
  | { kind: 'cron'; expression: string };

export interface Schedule {
  cadence: Cadence;
  mode: 'run_at' | 'ready_by';
}

/** Why a schedule phrase was refused; views/cadence.ts words it (with examples). */
export type ScheduleProblem =
  | { code: 'no_time'; after: string }
  | { code: 'no_instructions'; after: 'time' | 'cron' }
  | { code: 'weekly_needs_day' }
  | { code: 'monthly_needs_day' }
  | { code: 'last_needs_day' }
  | { code: 'day_of_month_out_of_range'; raw: string }
  | { code: 'unknown_cadence'; word: string }
  | { code: 'cron_unquoted' }
  | { code: 'cron_fields'; expression: string }
  | { code: 'cron_invalid'; expression: string; detail: string }
  | { code: 'cron_too_often'; expression: string };

export type ScheduleParse =
  | { kind: 'none' }
  | { kind: 'schedule'; schedule: Schedule; rest: string }
  | { kind: 'invalid'; problem: ScheduleProblem };

const DAYS: Record<string, number> = {
  sun: 0, sunday: 0, sundays: 0,
  mon: 1, monday: 1, mondays: 1,
  tue: 2, tues: 2, tuesday: 2, tuesdays: 2,
  wed: 3, wednesday: 3, wednesdays: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4, thursdays: 4,
  fri: 5, friday: 5, fridays: 5,
  sat: 6, saturday: 6, saturdays: 6,
};
const KEYWORDS = new Set(['every', 'daily', 'weekly', 'monthly', 'weekdays', 'cron', 'ready']);
const CADENCE_WORDS = new Set(['day', 'weekday', 'weekdays', 'month', 'by', ...Object.keys(DAYS)]);

function refuse(problem: ScheduleProblem): ScheduleParse {
  return { kind: 'invalid', problem };
}

/**
 * Reads a schedule phrase at the start of the text. Text that merely begins with a word
 * like "every" ("every dependency with a CVE") is not a schedule: a phrase counts only when
 * its second word is a cadence word or a number, or a time follows within three words.
 */
export function parseSchedule(text: string): ScheduleParse {
  const words = text.trim().split(/\s+/);
  const first = words[0]?.toLowerCase() ?? '';
  if (!KEYWORDS.has(first)) return { kind: 'none' };
  const second = (words[1] ?? '').toLowerCase().replace(/,$/, '');
  if (first === 'cron') return parseCron(text.trim());
  const hasTimeSoon = words.slice(1, 4).some(looksLikeTime);
  const looksLikeSchedule =
    first === 'daily' || first === 'weekdays' || CADENCE_WORDS.has(second) || /^\d{1,2}$/.test(second) || hasTimeSoon;
  if (!looksLikeSchedule) return { kind: 'none' };

  const r = new Reader(words);
  let mode: Schedule['mode'] = 'run_at';
  if (r.peek() === 'ready' && r.peek(1) === 'by') {
    r.skip(2);
    mode = 'ready_by';
  } else if (r.peek() === 'every') {
    r.skip(1);
  }
  const head = cadenceHead(r);
  if ('error' in head) return refuse(head.error);
  if (r.peek() === 'ready' && r.peek(1) === 'by') {
    r.skip(2);
    mode = 'ready_by';
  } else if (r.peek() === 'at') {
    r.skip(1);
  }
  const at = parseTime(r.peek() ?? '', r.peek(1));
  if (!at) return refuse({ code: 'no_time', after: words.slice(0, r.index).join(' ') });
  r.skip(at.words);
  const rest = r.rest();
  if (!rest) return refuse({ code: 'no_instructions', after: 'time' });
  return { kind: 'schedule', schedule: { cadence: head.build(at.time), mode }, rest };
}

type Head = { build: (at: Time) => Cadence } | { error: ScheduleProblem };

function cadenceHead(r: Reader): Head {
  const word = r.next() ?? '';
  if (word === 'daily' || word === 'day') return { build: (at) => ({ kind: 'daily', at }) };
  if (word === 'weekdays' || word === 'weekday') return { build: (at) => ({ kind: 'weekdays', at }) };
  if (word === 'weekly') {
    const day = DAYS[r.next() ?? ''];
    if (day === undefined) return { error: { code: 'weekly_needs_day' } };
    return { build: (at) => ({ kind: 'weekly', day, at }) };
  }
  if (word in DAYS) {
    const day = DAYS[word]!;
    return { build: (at) => ({ kind: 'weekly', day, at }) };
  }
  if (word === 'last') return lastDay(r);
  if (word === 'monthly' || word === 'month') {
    if (word === 'month') {
      if (r.peek() === 'on') r.skip(1);
      if (r.peek() === 'the') r.skip(1);
    }
    if (r.peek() === 'last') {
      r.skip(1);
      return lastDay(r);
    }
    const raw = r.next() ?? '';
    const match = /^(\d{1,2})(st|nd|rd|th)?$/.exec(raw);
    if (!match) return { error: { code: 'monthly_needs_day' } };
    const dayOfMonth = Number(match[1]);
    if (dayOfMonth < 1 || dayOfMonth > 28) return { error: { code: 'day_of_month_out_of_range', raw } };
    return { build: (at) => ({ kind: 'monthly', dayOfMonth, at }) };
  }
  return { error: { code: 'unknown_cadence', word } };
}

/** After "last": a day of the week ("last friday", "last fri"). */
function lastDay(r: Reader): Head {
  const day = DAYS[r.next() ?? ''];
  if (day === undefined) return { error: { code: 'last_needs_day' } };
  return { build: (at) => ({ kind: 'monthly_last', day, at }) };
}

function parseTime(word: string, next: string | undefined): { time: Time; words: number } | undefined {
  // "9 am" as two words, or "9am" / "9:30" / "16:00" as one.
  const twoWords = next !== undefined && /^(am|pm)$/i.test(next);
  const time = parseTimeOfDay(twoWords ? `${word}${next}` : word);
  return time && { time, words: twoWords ? 2 : 1 };
}

function parseCron(text: string): ScheduleParse {
  const m = /^cron\s+["“”']([^"“”']+)["“”']\s*([\s\S]*)$/i.exec(text);
  if (!m) return refuse({ code: 'cron_unquoted' });
  const expression = m[1]!.trim().replace(/\s+/g, ' ');
  if (expression.split(' ').length !== 5) return refuse({ code: 'cron_fields', expression });
  try {
    CronExpressionParser.parse(expression, { strict: false });
  } catch (error) {
    return refuse({ code: 'cron_invalid', expression, detail: error instanceof Error ? error.message : 'unreadable' });
  }
  if (everyMinuteOrFaster(expression)) return refuse({ code: 'cron_too_often', expression });
  const rest = (m[2] ?? '').trim();
  if (!rest) return refuse({ code: 'no_instructions', after: 'cron' });
  return { kind: 'schedule', schedule: { cadence: { kind: 'cron', expression }, mode: 'run_at' }, rest };
}

/** Agents are not stopwatches: refuse cron minutes fields that fire more than once an hour. */
function everyMinuteOrFaster(expression: string): boolean {
  const minute = expression.split(' ')[0]!;
  return !/^\d{1,2}$/.test(minute);
}

class Reader {
  index = 0;
  constructor(private readonly words: string[]) {}
  peek(offset = 0): string | undefined {
    return this.words[this.index + offset]?.toLowerCase().replace(/,$/, '');
  }
  next(): string | undefined {
    const w = this.peek();
    this.index++;
    return w;
  }
  skip(n: number) {
    this.index += n;
  }
  rest(): string {
    return this.words.slice(this.index).join(' ').trim();
  }
}

/** The cron expression Agenda runs, in the person's time zone; "ready by" starts `leadMinutes` early. */
export function toCron(cadence: Cadence, leadMinutes = 0): string {
  if (cadence.kind === 'cron') return cadence.expression;
  const total = cadence.at.hour * 60 + cadence.at.minute - leadMinutes;
  const dayShift = total < 0 ? 1 : 0; // the lead reaches back into the previous day
  const minutes = (total + 1440) % 1440;
  const time = `${minutes % 60} ${Math.floor(minutes / 60)}`;
  switch (cadence.kind) {
    case 'daily':
      return `${time} * * *`;
    case 'weekdays':
      return dayShift ? `${time} * * 0-4` : `${time} * * 1-5`;
    case 'weekly':
      return `${time} * * ${(cadence.day - dayShift + 7) % 7}`;
    case 'monthly':
      return dayShift ? (cadence.dayOfMonth === 1 ? `${time} L * *` : `${time} ${cadence.dayOfMonth - 1} * *`) : `${time} ${cadence.dayOfMonth} * *`;
    case 'monthly_last':
      // "The day before the last Friday" has no cron form (the last Thursday is not always it),
      // so a lead that would reach into the previous day starts at midnight instead: at most
      // the lead late, and only for "ready by" times before 4:00.
      return dayShift ? `0 0 * * ${cadence.day}L` : `${time} * * ${cadence.day}L`;
  }
}

/** The next `count` run times, DST-safe: a local time that does not exist runs once, just after the gap. */
export function nextRuns(cron: string, timeZone: string, now: Date, count: number): Date[] {
  const it = CronExpressionParser.parse(cron, { currentDate: now, tz: timeZone });
  return Array.from({ length: count }, () => it.next().toDate());
}

/**
 * How long before "ready by" to start: 1.5 × the slowest of the agent's recent runs,
 * rounded up to 5 minutes, between 5 minutes and 4 hours; 15 minutes with no history.
 */
export function leadTimeMinutes(recentDurationsMs: readonly number[]): number {
  if (recentDurationsMs.length === 0) return 15;
  const slowest = Math.max(...recentDurationsMs);
  const minutes = Math.ceil((slowest * 1.5) / 60_000 / 5) * 5;
  return Math.min(240, Math.max(5, minutes));
}

/** The due time a firing belongs to: the latest cron time at or just before `now` (a retried firing maps to the same slot). */
export function dueSlot(cron: string, timeZone: string, now: Date): Date {
  const it = CronExpressionParser.parse(cron, { currentDate: new Date(now.getTime() + 1_000), tz: timeZone });
  return it.prev().toDate();
}

export interface CadenceChoices {
  when: string;
  day?: string;
  dayOfMonth?: string;
  time?: string;
  mode?: string;
}

export type CadenceField = 'day' | 'dayOfMonth' | 'time';

export type ChoicesParse =
  | { ok: true; schedule: Schedule | null }
  | { ok: false; missing: CadenceField[] };

/** The modal's choices → a schedule (or null for "once, now"), or the fields still to choose (worded in views/cadence.ts). */
export function scheduleFromChoices(c: CadenceChoices): ChoicesParse {
  if (c.when === 'now' || !c.when) return { ok: true, schedule: null };
  const missing: CadenceField[] = [];
  const clock = c.time ? /^(\d{2}):(\d{2})$/.exec(c.time) : null;
  if (!clock) missing.push('time');
  const day = c.day !== undefined ? Number(c.day) : NaN;
  const dom = c.dayOfMonth !== undefined ? Number(c.dayOfMonth) : NaN;
  if (c.when === 'weekly' && !(day >= 0 && day <= 6)) missing.push('day');
  if (c.when === 'monthly' && !(dom >= 1 && dom <= 28)) missing.push('dayOfMonth');
  if (missing.length || !clock) return { ok: false, missing };
  const at = { hour: Number(clock[1]), minute: Number(clock[2]) };
  const mode = c.mode === 'ready_by' ? 'ready_by' : 'run_at';
  switch (c.when) {
    case 'daily':
      return { ok: true, schedule: { cadence: { kind: 'daily', at }, mode } };
    case 'weekdays':
      return { ok: true, schedule: { cadence: { kind: 'weekdays', at }, mode } };
    case 'weekly':
      return { ok: true, schedule: { cadence: { kind: 'weekly', day, at }, mode } };
    case 'monthly':
      return { ok: true, schedule: { cadence: { kind: 'monthly', dayOfMonth: dom, at }, mode } };
    default:
      return { ok: true, schedule: null };
  }
}
