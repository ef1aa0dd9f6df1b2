import { describe, expect, it } from 'vitest';
import { failingChecks, pastWindow, pullActivity, pullsToCheck, SHOWN, staleDaysIn, STALE_DAYS, type PullFacts } from '../../src/domain/pr-activity';

// Thursday 3 December 2026, 09:00 UTC; the window starts at the last run, a day earlier.
const NOW = new Date('2026-12-03T09:00:00Z');
const SINCE = new Date('2026-12-02T09:00:00Z');
const ago = (days: number, hours = 0) => new Date(NOW.getTime() - days * 86_400_000 - hours * 3_600_000);

function pr(number: number, o: Partial<PullFacts> = {}): PullFacts {
  return {
    number,
    title: `PR ${number}`,
    url: `https://github.com/acme/web/pull/${number}`,
    author: 'ana',
    draft: false,
    state: 'open',
    createdAt: ago(3),
    updatedAt: ago(1),
    closedAt: null,
    mergedAt: null,
    requested: [],
    headSha: `sha${number}`,
    ...o,
  };
}

const numbers = (a: ReadonlyArray<PullFacts | { pull: PullFacts }>) => a.map((x) => ('pull' in x ? x.pull.number : x.number));
const none = new Map<number, string[]>();

describe('pullActivity: which list a pull request lands in', () => {
  it.each<[string, PullFacts, Partial<Record<'opened' | 'merged' | 'closed' | 'waiting' | 'stale', boolean>>]>([
    ['opened in the window', pr(1, { createdAt: ago(0, 2) }), { opened: true }],
    ['opened just before the window', pr(2, { createdAt: ago(1, 1) }), {}],
    ['opened exactly at the window start', pr(3, { createdAt: SINCE }), { opened: true }],
    ['merged in the window', pr(4, { state: 'closed', closedAt: ago(0, 3), mergedAt: ago(0, 3), updatedAt: ago(0, 3) }), { merged: true }],
    ['merged before the window', pr(5, { state: 'closed', closedAt: ago(2), mergedAt: ago(2), updatedAt: ago(0, 1) }), {}],
    ['closed unmerged in the window', pr(6, { state: 'closed', closedAt: ago(0, 5), updatedAt: ago(0, 5) }), { closed: true }],
    ['opened and merged in the window', pr(7, { state: 'closed', createdAt: ago(0, 6), closedAt: ago(0, 1), mergedAt: ago(0, 1), updatedAt: ago(0, 1) }), { opened: true, merged: true }],
    ['open with a reviewer requested', pr(8, { requested: ['bob'] }), { waiting: true }],
    ['a draft with a reviewer requested', pr(9, { draft: true, requested: ['bob'] }), {}],
    ['closed with a reviewer still requested', pr(10, { state: 'closed', closedAt: ago(5), requested: ['bob'] }), {}],
    [`idle ${STALE_DAYS} days`, pr(11, { createdAt: ago(40), updatedAt: ago(STALE_DAYS) }), { stale: true }],
    [`idle ${STALE_DAYS - 1} days and 23 hours`, pr(12, { createdAt: ago(40), updatedAt: ago(STALE_DAYS - 1, 23) }), {}],
    ['a stale draft', pr(13, { draft: true, createdAt: ago(40), updatedAt: ago(30) }), { stale: true }],
    ['closed long ago, idle since', pr(14, { state: 'closed', closedAt: ago(30), updatedAt: ago(30) }), {}],
  ])('%s', (_name, pull, expected) => {
    const a = pullActivity([pull], none, SINCE, NOW);
    for (const list of ['opened', 'merged', 'closed', 'waiting', 'stale'] as const) expect(numbers(a[list]).includes(pull.number), list).toBe(!!expected[list]);
  });

  it('waiting: oldest first, with the days waited; the list is cut and the total kept', () => {
    const pulls = [8, 3, 5, 1, 9, 2, 7].map((d, i) => pr(20 + i, { createdAt: ago(d), requested: ['bob'] }));
    const a = pullActivity(pulls, none, SINCE, NOW);
    expect(a.waiting.map((w) => [w.pull.number, w.days])).toEqual([[24, 9], [20, 8], [26, 7], [22, 5], [21, 3]]);
    expect(a.totals.waiting).toBe(7);
    expect(a.waiting).toHaveLength(SHOWN.waiting);
  });

  it('failing: only open PRs whose latest commit has a failing check, most recently active first', () => {
    const pulls = [pr(30, { updatedAt: ago(2) }), pr(31, { updatedAt: ago(0, 1) }), pr(32), pr(33, { state: 'closed', closedAt: ago(0, 1) })];
    const failing = new Map([[30, ['ci']], [31, ['lint', 'ci']], [32, []], [33, ['ci']]]);
    expect(pullActivity(pulls, failing, SINCE, NOW).failing.map((f) => [f.pull.number, f.checks])).toEqual([[31, ['lint', 'ci']], [30, ['ci']]]);
  });

  it('stale: longest idle first; the threshold can be changed', () => {
    const pulls = [pr(40, { updatedAt: ago(20) }), pr(41, { updatedAt: ago(60) }), pr(42, { updatedAt: ago(8) })];
    expect(pullActivity(pulls, none, SINCE, NOW).stale.map((s) => [s.pull.number, s.idleDays])).toEqual([[41, 60], [40, 20]]);
    expect(numbers(pullActivity(pulls, none, SINCE, NOW, 7).stale)).toEqual([41, 40, 42]);
  });

  it('a PR read twice (closed between the two lists) counts once, as closed', () => {
    const open = pr(50, { requested: ['bob'] });
    const closed = pr(50, { state: 'closed', closedAt: ago(0, 1), mergedAt: ago(0, 1) });
    const a = pullActivity([open, closed], none, SINCE, NOW);
    expect(numbers(a.merged)).toEqual([50]);
    expect(a.waiting).toEqual([]);
  });

  it('opened, merged and closed are newest first', () => {
    const pulls = [pr(60, { createdAt: ago(0, 5) }), pr(61, { createdAt: ago(0, 1) }), pr(62, { createdAt: ago(0, 3) })];
    expect(numbers(pullActivity(pulls, none, SINCE, NOW).opened)).toEqual([61, 62, 60]);
  });
});

describe('pullsToCheck', () => {
  it('open, ready PRs, most recently active first, up to the cap', () => {
    const pulls = [pr(1, { updatedAt: ago(3) }), pr(2, { draft: true, updatedAt: ago(0) }), pr(3, { updatedAt: ago(1) }), pr(4, { state: 'closed', updatedAt: ago(0) }), pr(5, { updatedAt: ago(2) })];
    expect(numbers(pullsToCheck(pulls))).toEqual([3, 5, 1]);
    expect(numbers(pullsToCheck(pulls, 2))).toEqual([3, 5]);
  });
});

describe('failingChecks', () => {
  it.each([
    [[{ name: 'ci', conclusion: 'failure' }], [], ['ci']],
    [[{ name: 'ci', conclusion: 'timed_out' }, { name: 'lint', conclusion: 'success' }], [], ['ci']],
    [[{ name: 'ci', conclusion: null }, { name: 'e2e', conclusion: 'cancelled' }, { name: 'x', conclusion: 'neutral' }, { name: 'y', conclusion: 'skipped' }], [], []],
    [[{ name: 'boot', conclusion: 'startup_failure' }], [{ context: 'ci/jenkins', state: 'error' }, { context: 'deploy', state: 'pending' }], ['boot', 'ci/jenkins']],
    [[{ name: 'ci', conclusion: 'failure' }], [{ context: 'ci', state: 'failure' }, { context: 'sonar', state: 'success' }], ['ci']],
  ])('%j and %j → %j', (runs, statuses, expected) => {
    expect(failingChecks(runs, statuses)).toEqual(expected);
  });
});

describe('pastWindow', () => {
  it.each([
    [[ago(0), ago(0, 20)], false],
    [[ago(0), ago(2)], true],
    [[], false],
  ])('a page updated %j → %s', (updated, past) => {
    expect(pastWindow(updated.map((updatedAt) => ({ updatedAt })), SINCE)).toBe(past);
  });
});

describe('staleDaysIn', () => {
  it.each([
    ['acme/web acme/api', STALE_DAYS],
    ['acme/web, stale after 7 days', 7],
    ['acme/web stale at 1 day', 1],
    ['acme/web stale after 0 days', STALE_DAYS],
    ['acme/web stale after 999 days', STALE_DAYS],
  ])('%s → %d', (text, n) => expect(staleDaysIn(text)).toBe(n));
});
