import { describe, expect, it } from 'vitest';
import { leadTimeMinutes, nextRuns, parseSchedule, scheduleFromChoices, toCron, type Schedule, type ScheduleProblem } from '../../src/domain/cadence';

const at = (hour: number, minute = 0) => ({ hour, minute });

describe('parseSchedule: accepted phrases', () => {
  it.each<[string, Schedule, string]>([
    ['every weekday 9:00 summarize: what changed in #alerts overnight', { cadence: { kind: 'weekdays', at: at(9) }, mode: 'run_at' }, 'summarize: what changed in #alerts overnight'],
    ['every friday 16:00 research: new releases', { cadence: { kind: 'weekly', day: 5, at: at(16) }, mode: 'run_at' }, 'research: new releases'],
    ['every month on the 1st 8:00 triage: old incidents', { cadence: { kind: 'monthly', dayOfMonth: 1, at: at(8) }, mode: 'run_at' }, 'triage: old incidents'],
    ['daily 8:30 standup notes', { cadence: { kind: 'daily', at: at(8, 30) }, mode: 'run_at' }, 'standup notes'],
    ['weekly mon 9:00 plan the week', { cadence: { kind: 'weekly', day: 1, at: at(9) }, mode: 'run_at' }, 'plan the week'],
    ['monthly 15 9:00 invoices', { cadence: { kind: 'monthly', dayOfMonth: 15, at: at(9) }, mode: 'run_at' }, 'invoices'],
    ['every day at 7am news', { cadence: { kind: 'daily', at: at(7) }, mode: 'run_at' }, 'news'],
    ['every tuesday 4:30 pm retro', { cadence: { kind: 'weekly', day: 2, at: at(16, 30) }, mode: 'run_at' }, 'retro'],
    ['weekdays 12am backup check', { cadence: { kind: 'weekdays', at: at(0) }, mode: 'run_at' }, 'backup check'],
    ['ready by friday 9:00 research: tech debt', { cadence: { kind: 'weekly', day: 5, at: at(9) }, mode: 'ready_by' }, 'research: tech debt'],
    ['every weekday ready by 9:00 digest', { cadence: { kind: 'weekdays', at: at(9) }, mode: 'ready_by' }, 'digest'],
    ['cron "0 9 * * 1-5" summarize: alerts', { cadence: { kind: 'cron', expression: '0 9 * * 1-5' }, mode: 'run_at' }, 'summarize: alerts'],
    ['ready by last friday 9:00 tech-debt: acme/web', { cadence: { kind: 'monthly_last', day: 5, at: at(9) }, mode: 'ready_by' }, 'tech-debt: acme/web'],
    ['every last friday 16:00 tech-debt: acme/web', { cadence: { kind: 'monthly_last', day: 5, at: at(16) }, mode: 'run_at' }, 'tech-debt: acme/web'],
    ['monthly last mon 8:30 cleanup', { cadence: { kind: 'monthly_last', day: 1, at: at(8, 30) }, mode: 'run_at' }, 'cleanup'],
    ['every month on the last sunday ready by 7am tidy', { cadence: { kind: 'monthly_last', day: 0, at: at(7) }, mode: 'ready_by' }, 'tidy'],
    ['Every Friday 16:00 Research: caps', { cadence: { kind: 'weekly', day: 5, at: at(16) }, mode: 'run_at' }, 'Research: caps'],
  ])('%j', (text, schedule, rest) => {
    expect(parseSchedule(text)).toEqual({ kind: 'schedule', schedule, rest });
  });
});

describe('parseSchedule: not a schedule at all', () => {
  it.each(['every last dependency with a CVE: list them', 'research: compare queues', 'every dependency with a CVE: list them', 'daily-standup notes please', 'weekly reports are late, why?', 'monthly budget review'])(
    '%j is ordinary instructions',
    (text) => {
      expect(parseSchedule(text)).toEqual({ kind: 'none' });
    },
  );
});

describe('parseSchedule: refused with a coded problem (worded in views/cadence.ts)', () => {
  it.each<[string, ScheduleProblem]>([
    ['every weekday at nine research: x', { code: 'no_time', after: 'every weekday at' }],
    ['every friday 25:00 research: x', { code: 'no_time', after: 'every friday' }],
    ['every friday 9:75 research: x', { code: 'no_time', after: 'every friday' }],
    ['every month on the 31st 9:00 x', { code: 'day_of_month_out_of_range', raw: '31st' }],
    ['weekly someday 9:00 x', { code: 'weekly_needs_day' }],
    ['monthly soon 9:00 x', { code: 'monthly_needs_day' }],
    ['every friday 9:00', { code: 'no_instructions', after: 'time' }],
    ['cron "0 9 * * *"', { code: 'no_instructions', after: 'cron' }],
    ['cron 0 9 * * * x', { code: 'cron_unquoted' }],
    ['cron "0 9 * *" x', { code: 'cron_fields', expression: '0 9 * *' }],
    ['cron "* * * * *" x', { code: 'cron_too_often', expression: '* * * * *' }],
    ['every fortnight 9:00 x', { code: 'unknown_cadence', word: 'fortnight' }],
    ['ready by last payday 9:00 x', { code: 'last_needs_day' }],
    ['every month on the last 9:00 x', { code: 'last_needs_day' }],
  ])('%j', (text, problem) => {
    expect(parseSchedule(text)).toEqual({ kind: 'invalid', problem });
  });

  it('an impossible cron expression keeps cron-parser\'s reason', () => {
    const result = parseSchedule('cron "0 25 * * *" x');
    expect(result).toMatchObject({ kind: 'invalid', problem: { code: 'cron_invalid', expression: '0 25 * * *' } });
    if (result.kind === 'invalid' && result.problem.code === 'cron_invalid') expect(result.problem.detail).not.toBe('');
  });
});

describe('toCron', () => {
  it.each<[Schedule['cadence'], number, string]>([
    [{ kind: 'daily', at: at(8, 30) }, 0, '30 8 * * *'],
    [{ kind: 'weekdays', at: at(9) }, 0, '0 9 * * 1-5'],
    [{ kind: 'weekly', day: 5, at: at(16) }, 0, '0 16 * * 5'],
    [{ kind: 'monthly', dayOfMonth: 15, at: at(9) }, 0, '0 9 15 * *'],
    [{ kind: 'weekly', day: 5, at: at(9) }, 30, '30 8 * * 5'],
    // "Ready by" leads that reach into the previous day move the day too.
    [{ kind: 'daily', at: at(0, 10) }, 30, '40 23 * * *'],
    [{ kind: 'weekdays', at: at(0, 5) }, 15, '50 23 * * 0-4'],
    [{ kind: 'weekly', day: 0, at: at(0, 0) }, 60, '0 23 * * 6'],
    [{ kind: 'monthly', dayOfMonth: 1, at: at(0, 0) }, 5, '55 23 L * *'],
    [{ kind: 'monthly', dayOfMonth: 10, at: at(0, 0) }, 5, '55 23 9 * *'],
    [{ kind: 'cron', expression: '0 9 * * 1-5' }, 0, '0 9 * * 1-5'],
    [{ kind: 'monthly_last', day: 5, at: at(9) }, 0, '0 9 * * 5L'],
    [{ kind: 'monthly_last', day: 5, at: at(9) }, 45, '15 8 * * 5L'],
    // The day before the last Friday has no cron form: start at midnight of that Friday.
    [{ kind: 'monthly_last', day: 5, at: at(0, 30) }, 60, '0 0 * * 5L'],
  ])('%j lead %i → %s', (cadence, lead, cron) => {
    expect(toCron(cadence, lead)).toBe(cron);
  });
});

describe('nextRuns in the person’s time zone', () => {
  it.each([
    ['America/Los_Angeles', '2026-11-23T12:00:00Z', ['2026-11-23T17:00:00.000Z', '2026-11-24T17:00:00.000Z']],
    ['Europe/Berlin', '2026-11-23T12:00:00Z', ['2026-11-24T08:00:00.000Z', '2026-11-25T08:00:00.000Z']],
    ['Asia/Kolkata', '2026-11-23T12:00:00Z', ['2026-11-24T03:30:00.000Z', '2026-11-25T03:30:00.000Z']],
  ])('weekdays 9:00 in %s', (tz, now, expected) => {
    expect(nextRuns('0 9 * * 1-5', tz, new Date(now), 2).map((d) => d.toISOString())).toEqual(expected);
  });

  it('spring forward: a 2:30 run on the day 2:30 does not exist runs once, after the gap', () => {
    const runs = nextRuns('30 2 * * *', 'Europe/Berlin', new Date('2026-03-28T12:00:00Z'), 3).map((d) => d.toISOString());
    expect(runs).toEqual(['2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z', '2026-03-31T00:30:00.000Z']);
  });

  it('fall back: a 2:30 run on the day 2:30 happens twice runs once', () => {
    const runs = nextRuns('30 2 * * *', 'Europe/Berlin', new Date('2026-10-24T12:00:00Z'), 3).map((d) => d.toISOString());
    expect(runs).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z', '2026-10-27T01:30:00.000Z']);
  });

  it('9:00 stays 9:00 local across the US change of time', () => {
    const runs = nextRuns('0 9 * * *', 'America/New_York', new Date('2026-03-07T12:00:00Z'), 2).map((d) => d.toISOString());
    expect(runs).toEqual(['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z']);
  });
});

describe('the last Friday of the month', () => {
  it('runs on the month\'s last Friday, in the person\'s time zone, whatever the month\'s length', () => {
    const runs = nextRuns(toCron({ kind: 'monthly_last', day: 5, at: at(9) }), 'Europe/Berlin', new Date('2026-01-01T00:00:00Z'), 4).map((d) => d.toISOString());
    expect(runs).toEqual(['2026-01-30T08:00:00.000Z', '2026-02-27T08:00:00.000Z', '2026-03-27T08:00:00.000Z', '2026-04-24T07:00:00.000Z']);
  });

  it('"ready by" starts early by the lead, on the same Friday', () => {
    const [run] = nextRuns(toCron({ kind: 'monthly_last', day: 5, at: at(9) }, 30), 'UTC', new Date('2026-05-01T00:00:00Z'), 1);
    expect(run!.toISOString()).toBe('2026-05-29T08:30:00.000Z');
  });
});

describe('leadTimeMinutes for "ready by"', () => {
  it.each<[number[], number]>([
    [[], 15],
    [[20_000], 5],
    [[4 * 60_000, 9 * 60_000], 15],
    [[40 * 60_000], 60],
    [[10 * 3_600_000], 240],
  ])('%j → %i min', (durations, minutes) => {
    expect(leadTimeMinutes(durations)).toBe(minutes);
  });
});

describe('scheduleFromChoices (the modal)', () => {
  it.each<[Parameters<typeof scheduleFromChoices>[0], ReturnType<typeof scheduleFromChoices>]>([
    [{ when: 'now' }, { ok: true, schedule: null }],
    [{ when: 'daily', time: '08:30' }, { ok: true, schedule: { cadence: { kind: 'daily', at: at(8, 30) }, mode: 'run_at' } }],
    [{ when: 'weekdays', time: '09:00', mode: 'ready_by' }, { ok: true, schedule: { cadence: { kind: 'weekdays', at: at(9) }, mode: 'ready_by' } }],
    [{ when: 'weekly', day: '5', time: '16:00' }, { ok: true, schedule: { cadence: { kind: 'weekly', day: 5, at: at(16) }, mode: 'run_at' } }],
    [{ when: 'monthly', dayOfMonth: '1', time: '08:00' }, { ok: true, schedule: { cadence: { kind: 'monthly', dayOfMonth: 1, at: at(8) }, mode: 'run_at' } }],
    [{ when: 'weekly', time: '16:00' }, { ok: false, missing: ['day'] }],
    [{ when: 'monthly' }, { ok: false, missing: ['time', 'dayOfMonth'] }],
  ])('%j', (choices, expected) => {
    expect(scheduleFromChoices(choices)).toEqual(expected);
  });
});
