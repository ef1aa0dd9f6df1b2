import type { CadenceField, Schedule, ScheduleProblem } from '../domain/cadence';

/** Schedules in words: what a cadence reads as, and why a schedule phrase or form was refused. */

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export const SCHEDULE_EXAMPLES = [
  '`/delegate every weekday 9:00 summarize: what changed in #alerts overnight`',
  '`/delegate every friday 16:00 research: new releases of our main dependencies`',
  '`/delegate every month on the 1st 8:00 triage: open incidents older than a week`',
  '`/delegate daily 8:30 …`, `weekly mon 9:00 …`, `monthly 15 9:00 …`, `cron "0 9 * * 1-5" …`',
  '`/delegate ready by friday 9:00 research: …` (ready at that time, not started then)',
  '`/delegate ready by last friday 9:00 tech-debt: acme/web` (monthly, on the last Friday)',
];

/** "every weekday at 9:00", "every Friday ready by 9:00", "on cron `0 9 * * 1-5`". */
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
    case 'monthly_last':
      return `every month on the last ${DAY_NAMES[cadence.day]} ${at}`;
  }
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/** The one-sentence problem with a schedule phrase. */
export function scheduleProblemText(problem: ScheduleProblem): string {
  switch (problem.code) {
    case 'no_time':
      return `I couldn't find a time like \`9:00\` or \`4pm\` after “${problem.after}”.`;
    case 'no_instructions':
      return problem.after === 'cron' ? 'The schedule needs instructions after the cron expression.' : 'The schedule needs instructions after the time.';
    case 'weekly_needs_day':
      return 'After “weekly”, name a day, e.g. `weekly mon 9:00`.';
    case 'monthly_needs_day':
      return 'Say which day of the month, e.g. `monthly 15 9:00` or `every month on the 1st 8:00`.';
    case 'last_needs_day':
      return 'After “last”, name a day of the week, e.g. `ready by last friday 9:00`.';
    case 'day_of_month_out_of_range':
      return `Not every month has a ${problem.raw}; choose a day from 1 to 28.`;
    case 'unknown_cadence':
      return `I don't know the cadence “${problem.word}”.`;
    case 'cron_unquoted':
      return 'Put the cron expression in quotes, e.g. `cron "0 9 * * 1-5" summarize: …`.';
    case 'cron_fields':
      return `\`${problem.expression}\` is not a 5-field cron expression (minute hour day month weekday).`;
    case 'cron_invalid':
      return `\`${problem.expression}\` is not a valid cron expression (${problem.detail}).`;
    case 'cron_too_often':
      return `\`${problem.expression}\` would run more than once an hour; the most frequent cadence is hourly.`;
  }
}

/** The whole refusal: the problem, that nothing was scheduled, and examples (plain text; the caller escapes it). */
export function scheduleRefusalText(problem: ScheduleProblem): string {
  return `${scheduleProblemText(problem)} Nothing was scheduled. For example:\n${SCHEDULE_EXAMPLES.map((e) => `• ${e}`).join('\n')}`;
}

/** What the Delegate modal says next to a schedule field still to choose. */
export const CADENCE_FIELD_ERRORS: Record<CadenceField, string> = {
  time: 'Choose a time.',
  day: 'Choose a day of the week.',
  dayOfMonth: 'Choose a day of the month (1–28).',
};
