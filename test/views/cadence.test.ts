import { describe, expect, it } from 'vitest';
import { parseSchedule, type Schedule, type ScheduleProblem } from '../../src/domain/cadence';
import { CADENCE_FIELD_ERRORS, describeCadence, scheduleProblemText, scheduleRefusalText } from '../../src/views/cadence';

const at = (hour: number, minute = 0) => ({ hour, minute });

describe('describeCadence', () => {
  it.each<[Schedule, string]>([
    [{ cadence: { kind: 'daily', at: at(8, 30) }, mode: 'run_at' }, 'every day at 8:30'],
    [{ cadence: { kind: 'weekdays', at: at(9) }, mode: 'run_at' }, 'every weekday at 9:00'],
    [{ cadence: { kind: 'weekly', day: 5, at: at(9) }, mode: 'ready_by' }, 'every Friday ready by 9:00'],
    [{ cadence: { kind: 'monthly', dayOfMonth: 2, at: at(8, 5) }, mode: 'run_at' }, 'every month on the 2nd at 8:05'],
    [{ cadence: { kind: 'monthly', dayOfMonth: 11, at: at(8) }, mode: 'run_at' }, 'every month on the 11th at 8:00'],
    [{ cadence: { kind: 'monthly', dayOfMonth: 23, at: at(8) }, mode: 'run_at' }, 'every month on the 23rd at 8:00'],
    [{ cadence: { kind: 'cron', expression: '0 9 * * 1-5' }, mode: 'run_at' }, 'on cron `0 9 * * 1-5`'],
    [{ cadence: { kind: 'monthly_last', day: 5, at: at(9) }, mode: 'ready_by' }, 'every month on the last Friday ready by 9:00'],
  ])('%j', (schedule, words) => {
    expect(describeCadence(schedule)).toBe(words);
  });
});

describe('scheduleProblemText', () => {
  it.each<[ScheduleProblem, string]>([
    [{ code: 'no_time', after: 'every weekday at' }, "I couldn't find a time like `9:00` or `4pm` after “every weekday at”."],
    [{ code: 'no_instructions', after: 'time' }, 'The schedule needs instructions after the time.'],
    [{ code: 'no_instructions', after: 'cron' }, 'The schedule needs instructions after the cron expression.'],
    [{ code: 'weekly_needs_day' }, 'After “weekly”, name a day, e.g. `weekly mon 9:00`.'],
    [{ code: 'monthly_needs_day' }, 'Say which day of the month, e.g. `monthly 15 9:00` or `every month on the 1st 8:00`.'],
    [{ code: 'day_of_month_out_of_range', raw: '31st' }, 'Not every month has a 31st; choose a day from 1 to 28.'],
    [{ code: 'unknown_cadence', word: 'fortnight' }, "I don't know the cadence “fortnight”."],
    [{ code: 'last_needs_day' }, 'After “last”, name a day of the week, e.g. `ready by last friday 9:00`.'],
    [{ code: 'cron_unquoted' }, 'Put the cron expression in quotes, e.g. `cron "0 9 * * 1-5" summarize: …`.'],
    [{ code: 'cron_fields', expression: '0 9 * *' }, '`0 9 * *` is not a 5-field cron expression (minute hour day month weekday).'],
    [{ code: 'cron_invalid', expression: '0 25 * * *', detail: 'bad hour' }, '`0 25 * * *` is not a valid cron expression (bad hour).'],
    [{ code: 'cron_too_often', expression: '* * * * *' }, '`* * * * *` would run more than once an hour; the most frequent cadence is hourly.'],
  ])('%j', (problem, words) => {
    expect(scheduleProblemText(problem)).toBe(words);
  });
});

describe('scheduleRefusalText: the reason, that nothing was scheduled, and examples', () => {
  it.each([
    ['every weekday at nine research: x', "couldn't find a time"],
    ['every friday 25:00 research: x', "couldn't find a time"],
    ['every month on the 31st 9:00 x', 'choose a day from 1 to 28'],
    ['weekly someday 9:00 x', 'name a day'],
    ['every friday 9:00', 'needs instructions'],
    ['cron 0 9 * * * x', 'in quotes'],
    ['cron "0 9 * *" x', 'not a 5-field cron'],
    ['cron "0 25 * * *" x', 'not a valid cron'],
    ['cron "* * * * *" x', 'more than once an hour'],
    ['every fortnight 9:00 x', "don't know the cadence"],
  ])('%j', (text, reason) => {
    const result = parseSchedule(text);
    if (result.kind !== 'invalid') throw new Error(`expected a refusal, got ${result.kind}`);
    const words = scheduleRefusalText(result.problem);
    expect(words).toContain(reason);
    expect(words).toContain('Nothing was scheduled');
    expect(words).toContain('/delegate every weekday 9:00');
  });
});

describe('CADENCE_FIELD_ERRORS', () => {
  it.each([
    ['time', 'Choose a time.'],
    ['day', 'Choose a day of the week.'],
    ['dayOfMonth', 'Choose a day of the month (1–28).'],
  ] as const)('%s → %s', (field, words) => {
    expect(CADENCE_FIELD_ERRORS[field]).toBe(words);
  });
});
