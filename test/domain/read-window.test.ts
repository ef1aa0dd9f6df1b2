import { describe, expect, it } from 'vitest';
import { readWindow } from '../../src/domain/read-window';

// Thursday 3 December 2026, 08:00 UTC = 09:00 in Paris, 03:00 in New York.
const now = new Date('2026-12-03T08:00:00Z');
const lastRead = new Date('2026-12-02T07:30:00Z');

describe('readWindow', () => {
  it.each([
    ['summarise #eng', 'Europe/Paris', null, '2026-12-02T08:00:00.000Z', 'default'],
    ['summarise #eng', 'Europe/Paris', lastRead, '2026-12-02T07:30:00.000Z', 'since_last_run'],
    ['#eng since monday', 'Europe/Paris', lastRead, '2026-11-29T23:00:00.000Z', 'asked'],
    ['#eng since Monday', 'America/New_York', null, '2026-11-30T05:00:00.000Z', 'asked'],
    ['#eng since thursday', 'Europe/Paris', null, '2026-11-25T23:00:00.000Z', 'asked'],
    ['#eng last 7 days', 'Europe/Paris', lastRead, '2026-11-26T08:00:00.000Z', 'asked'],
    ['#eng past 12 hours', 'UTC', null, '2026-12-02T20:00:00.000Z', 'asked'],
    ['#eng last 2 weeks', 'UTC', null, '2026-11-19T08:00:00.000Z', 'asked'],
    ['#eng today', 'Europe/Paris', null, '2026-12-02T23:00:00.000Z', 'asked'],
    ['#eng today', 'America/New_York', null, '2026-12-03T05:00:00.000Z', 'asked'],
    ['#eng since yesterday', 'Europe/Paris', null, '2026-12-01T23:00:00.000Z', 'asked'],
    ['#eng since monday, flag anything due today', 'Europe/Paris', null, '2026-11-29T23:00:00.000Z', 'asked'],
    ['#eng last 3 days, and what is due today', 'UTC', null, '2026-11-30T08:00:00.000Z', 'asked'],
    ['#eng last 90 days', 'UTC', null, '2026-11-02T08:00:00.000Z', 'asked'],
    ['#eng', 'UTC', new Date('2026-09-01T00:00:00Z'), '2026-11-02T08:00:00.000Z', 'since_last_run'],
  ])('%s (%s, last read %s) → since %s (%s)', (text, tz, last, since, why) => {
    expect(readWindow(text, now, tz, last)).toEqual({ since: new Date(since), why });
  });
});
