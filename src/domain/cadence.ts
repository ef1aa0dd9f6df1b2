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
 *   cron "0 9 * * 1-5"
 *   ready by friday 9:00 | every weekday ready by 9:00   (finish by, rather than start at)
 */
export type Cadence =
  | { kind: 'daily'; at: Time }
  | { kind: 'weekdays'; at: Time }
  | { kind: 'weekly'; day: number; at: Time }
  | { kind: 'monthly'; dayOfMonth: number; at: Time }
  | { kind: 'cron'; expression: string };

export interface Schedule {
  cadence: Cadence;
  mode: 'run_at' | 'ready_by';
}

export type ScheduleParse =
  | { kind: 'none' }
  | { kind: 'schedule'; schedule: Schedule; rest: string }
  | { kind: 'invalid'; message: string };

const DAYS: Record<string, number> = {
  sun: 0, sunday: 0, sundays: 0,
  mon: 1, monday: 1, mondays: 1,
  tue: 2, tues: 2, tuesday: 2, tuesdays: 2,
  wed: 3, wednesday: 3, wednesdays: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4, thursdays: 4,
  fri: 5, friday: 5, fridays: 5,
  sat: 6, saturday: 6, saturdays: 6,
};
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const KEYWORDS = new Set(['every', 'daily', 'weekly', 'monthly', 'weekdays', 'cron', 'ready']);
const CADENCE_WORDS = new Set(['day', 'weekday', 'weekdays', 'month', 'by', ...Object.keys(DAYS)]);

export const SCHEDULE_EXAMPLES = [
  '`/delegate every weekday 9:00 summarize: what changed in #alerts overnight`',
  '`/delegate every friday 16:00 research: new releases of our main dependencies`',
  '`/delegate every month on the 1st 8:00 triage: open incidents older than a week`',
  '`/delegate daily 8:30 …`, `weekly mon 9:00 …`, `monthly 15 9:00 …`, `cron "0 9 * * 1-5" …`',
  '`/delegate ready by friday 9:00 research: …` (ready at that time, not started then)',
];

function refuse(problem: string): ScheduleParse {
  return { kind: 'invalid', message: `${problem} Nothing was scheduled. For example:\n${SCHEDULE_EXAMPLES.map((e) => `• ${e}`).join('\n')}` };
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
  if (!at) return refuse(`I couldn't find a time like \`9:00\` or \`4pm\` after “${words.slice(0, r.index).join(' ')}”.`);
  r.skip(at.words);
  const rest = r.rest();
  if (!rest) return refuse('The schedule needs instructions after the time.');
  return { kind: 'schedule', schedule: { cadence: head.build(at.time), mode }, rest };
}

type Head = { build: (at: Time) => Cadence } | { error: string };

function cadenceHead(r: Reader): Head {
  const word = r.next() ?? '';
  if (word === 'daily' || word === 'day') return { build: (at) => ({ kind: 'daily', at }) };
  if (word === 'weekdays' || word === 'weekday') return { build: (at) => ({ kind: 'weekdays', at }) };
  if (word === 'weekly') {
    const day = DAYS[r.next() ?? ''];
    if (day === undefined) return { error: 'After “weekly”, name a day, e.g. `weekly mon 9:00`.' };
    return { build: (at) => ({ kind: 'weekly', day, at }) };
  }
  if (word in DAYS) {
    const day = DAYS[word]!;
    return { build: (at) => ({ kind: 'weekly', day, at }) };
  }
  if (word === 'monthly' || word === 'month') {
    if (word === 'month') {
      if (r.peek() === 'on') r.skip(1);
      if (r.peek() === 'the') r.skip(1);
    }
    const raw = r.next() ?? '';
    const match = /^(\d{1,2})(st|nd|rd|th)?$/.exec(raw);
    if (!match) return { error: 'Say which day of the month, e.g. `monthly 15 9:00` or `every month on the 1st 8:00`.' };
    const dayOfMonth = Number(match[1]);
    if (dayOfMonth < 1 || dayOfMonth > 28) {
      return { error: `Not every month has a ${raw}; choose a day from 1 to 28.` };
    }
    return { build: (at) => ({ kind: 'monthly', dayOfMonth, at }) };
  }
  return { error: `I don't know the cadence “${word}”.` };
}

function parseTime(word: string, next: string | undefined): { time: Time; words: number } | undefined {
  // "9 am" as two words, or "9am" / "9:30" / "16:00" as one.
  const twoWords = next !== undefined && /^(am|pm)$/i.test(next);
  const time = parseTimeOfDay(twoWords ? `${word}${next}` : word);
  return time && { time, words: twoWords ? 2 : 1 };
}

function parseCron(text: string): ScheduleParse {
  const m = /^cron\s+["“”']([^"“”']+)["“”']\s*([\s\S]*)$/i.exec(text);
  if (!m) return refuse('Put the cron expression in quotes, e.g. `cron "0 9 * * 1-5" summarize: …`.');
  const expression = m[1]!.trim().replace(/\s+/g, ' ');
  if (expression.split(' ').length !== 5) return refuse(`\`${expression}\` is not a 5-field cron expression (minute hour day month weekday).`);
  try {
    CronExpressionParser.parse(expression, { strict: false });
  } catch (error) {
    return refuse(`\`${expression}\` is not a valid cron expression (${error instanceof Error ? error.message : 'unreadable'}).`);
  }
  if (everyMinuteOrFaster(expression)) return refuse(`\`${expression}\` would run more than once an hour; the most frequent cadence is hourly.`);
  const rest = (m[2] ?? '').trim();
  if (!rest) return refuse('The schedule needs instructions after the cron expression.');
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

export function describeCadence(schedule: Schedule): string {
  const { cadence, mode } = schedule;
  if (cadence.kind === 'cron') return `on cron \`${cadence.expression}\``;
  const at = `${mode === 'ready_by' ? 'ready by' : 'at'} ${cadence.at.hour}:${String(cadence.at.minute).padStart(2, '0')}`;
  switch (cadence.kind) {
    case 'daily':
      return `every day ${at}`;
    case 'weekdays':
      return `every weekday ${at}`;
    case 'weekly':
      return `every ${DAY_NAMES[cadence.day]} ${at}`;
    case 'monthly':
      return `every month on the ${ordinal(cadence.dayOfMonth)} ${at}`;
  }
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
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

export type ChoicesParse =
  | { ok: true; schedule: Schedule | null }
  | { ok: false; errors: Partial<Record<'day' | 'dayOfMonth' | 'time', string>> };

/** The modal's choices → a schedule (or null for "once, now"), with an error per missing field. */
export function scheduleFromChoices(c: CadenceChoices): ChoicesParse {
  if (c.when === 'now' || !c.when) return { ok: true, schedule: null };
  const errors: Partial<Record<'day' | 'dayOfMonth' | 'time', string>> = {};
  const clock = c.time ? /^(\d{2}):(\d{2})$/.exec(c.time) : null;
  if (!clock) errors.time = 'Choose a time.';
  const day = c.day !== undefined ? Number(c.day) : NaN;
  const dom = c.dayOfMonth !== undefined ? Number(c.dayOfMonth) : NaN;
  if (c.when === 'weekly' && !(day >= 0 && day <= 6)) errors.day = 'Choose a day of the week.';
  if (c.when === 'monthly' && !(dom >= 1 && dom <= 28)) errors.dayOfMonth = 'Choose a day of the month (1–28).';
  if (Object.keys(errors).length || !clock) return { ok: false, errors };
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
