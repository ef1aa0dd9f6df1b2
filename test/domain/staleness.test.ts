import { describe, expect, it } from 'vitest';
import { dueForReminder, isStale, remindAgainAfter } from '../../src/domain/staleness';

const NOW = new Date('2026-03-10T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

describe('isStale', () => {
  it.each([
    { waiting: 25, threshold: 24, stale: true },
    { waiting: 24, threshold: 24, stale: false }, // exactly at the threshold is not yet past it
    { waiting: 23, threshold: 24, stale: false },
    { waiting: 3, threshold: 2, stale: true },
    { waiting: 47, threshold: 48, stale: false },
  ])('waiting $waiting h against $threshold h → $stale', ({ waiting, threshold, stale }) => {
    expect(isStale(hoursAgo(waiting), threshold, NOW)).toBe(stale);
  });
});

describe('dueForReminder (at most one a day)', () => {
  it.each([
    { why: 'stale, never reminded', waiting: 30, reminded: null, due: true },
    { why: 'not stale yet', waiting: 10, reminded: null, due: false },
    { why: 'stale, reminded 2 h ago', waiting: 50, reminded: 2, due: false },
    { why: 'stale, reminded exactly a day ago', waiting: 50, reminded: 24, due: false },
    { why: 'stale, reminded a day and a minute ago', waiting: 50, reminded: 24 + 1 / 60, due: true },
  ])('$why → $due', ({ waiting, reminded, due }) => {
    const item = { waitingSince: hoursAgo(waiting), remindedAt: reminded === null ? null : hoursAgo(reminded) };
    expect(dueForReminder(item, 24, NOW)).toBe(due);
  });

  it('lets the repository ask for items not reminded in the last day', () => {
    expect(remindAgainAfter(NOW).toISOString()).toBe('2026-03-09T12:00:00.000Z');
  });
});
