/**
 * A repository's pull requests as a daily summary sees them: what was opened, merged and
 * closed in the window, what has waited longest for a review, what fails its checks and what
 * has gone stale. Pure: the integration fetches, these functions decide.
 */
export interface PullFacts {
  number: number;
  title: string;
  url: string;
  author: string;
  draft: boolean;
  state: 'open' | 'closed';
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  mergedAt: Date | null;
  /** People (login) and teams (@org/slug) asked for a review who have not given one yet. */
  requested: string[];
  headSha: string;
}

/** An open PR with no activity (commit, comment, review, label…) for this many days is stale, unless the request says otherwise. */
export const STALE_DAYS = 14;
/** How many of each list the model is given (the totals are always given). */
export const SHOWN = { opened: 10, merged: 10, closed: 5, waiting: 5, failing: 5, stale: 5 } as const;

export interface PullActivity {
  opened: PullFacts[];
  merged: PullFacts[];
  closed: PullFacts[];
  /** Oldest first: waiting since it was opened (GitHub's list does not say when a review was requested). */
  waiting: Array<{ pull: PullFacts; days: number }>;
  failing: Array<{ pull: PullFacts; checks: string[] }>;
  stale: Array<{ pull: PullFacts; idleDays: number }>;
  totals: Record<keyof typeof SHOWN, number>;
}

const DAY = 86_400_000;
const days = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / DAY);
const newest = (a: Date | null, b: Date | null) => (b?.getTime() ?? 0) - (a?.getTime() ?? 0);

/**
 * Sorts the pull requests read into the summary's lists. `failing` maps a PR number to the
 * checks failing on its latest commit; a PR not in it was not checked. A PR read twice (closed
 * between two reads) counts once, as closed.
 */
export function pullActivity(pulls: readonly PullFacts[], failing: ReadonlyMap<number, readonly string[]>, since: Date, now: Date, staleDays = STALE_DAYS): PullActivity {
  const byNumber = new Map<number, PullFacts>();
  for (const p of pulls) if (!byNumber.has(p.number) || p.state === 'closed') byNumber.set(p.number, p);
  const all = [...byNumber.values()];
  const open = all.filter((p) => p.state === 'open');
  const inWindow = (d: Date | null) => d !== null && d >= since && d <= now;

  const opened = all.filter((p) => inWindow(p.createdAt)).sort((a, b) => newest(a.createdAt, b.createdAt));
  const merged = all.filter((p) => inWindow(p.mergedAt)).sort((a, b) => newest(a.mergedAt, b.mergedAt));
  const closed = all.filter((p) => p.state === 'closed' && !p.mergedAt && inWindow(p.closedAt)).sort((a, b) => newest(a.closedAt, b.closedAt));
  const waiting = open
    .filter((p) => !p.draft && p.requested.length > 0)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.number - b.number)
    .map((pull) => ({ pull, days: days(pull.createdAt, now) }));
  const failingPulls = open
    .filter((p) => (failing.get(p.number)?.length ?? 0) > 0)
    .sort((a, b) => newest(a.updatedAt, b.updatedAt))
    .map((pull) => ({ pull, checks: [...failing.get(pull.number)!] }));
  const stale = open
    .map((pull) => ({ pull, idleDays: days(pull.updatedAt, now) }))
    .filter((s) => s.idleDays >= staleDays)
    .sort((a, b) => b.idleDays - a.idleDays || a.pull.number - b.pull.number);

  return {
    opened: opened.slice(0, SHOWN.opened),
    merged: merged.slice(0, SHOWN.merged),
    closed: closed.slice(0, SHOWN.closed),
    waiting: waiting.slice(0, SHOWN.waiting),
    failing: failingPulls.slice(0, SHOWN.failing),
    stale: stale.slice(0, SHOWN.stale),
    totals: { opened: opened.length, merged: merged.length, closed: closed.length, waiting: waiting.length, failing: failingPulls.length, stale: stale.length },
  };
}

/** The two ways GitHub reports checks: check runs (Actions, apps) and commit statuses (older CI). */
export type CheckKind = 'check runs' | 'commit statuses';

/** At most this many open PRs per repository have their checks read (two requests each). */
export const MAX_CHECKED = 25;

/**
 * Whose checks are read: open, ready PRs (a draft's red checks are expected), most recently
 * active first, up to `max`.
 */
export function pullsToCheck(pulls: readonly PullFacts[], max = MAX_CHECKED): PullFacts[] {
  return pulls
    .filter((p) => p.state === 'open' && !p.draft)
    .sort((a, b) => newest(a.updatedAt, b.updatedAt) || b.number - a.number)
    .slice(0, max);
}

/** Check-run conclusions and commit-status states that mean "failing" (neutral, skipped, cancelled and pending do not). */
const FAILING_CONCLUSIONS = new Set(['failure', 'timed_out', 'startup_failure']);
const FAILING_STATES = new Set(['failure', 'error']);

/** The names of the checks failing on a commit: its check runs and its commit statuses, once each. */
export function failingChecks(runs: ReadonlyArray<{ name: string; conclusion: string | null }>, statuses: ReadonlyArray<{ context: string; state: string }>): string[] {
  const names = [...runs.filter((r) => r.conclusion !== null && FAILING_CONCLUSIONS.has(r.conclusion)).map((r) => r.name), ...statuses.filter((s) => FAILING_STATES.has(s.state)).map((s) => s.context)];
  return [...new Set(names)];
}

/**
 * Closed PRs are read newest update first: once a page ends before the window, no later page
 * holds a PR closed in it (closing a PR updates it).
 */
export function pastWindow(page: readonly Pick<PullFacts, 'updatedAt'>[], since: Date): boolean {
  const last = page.at(-1);
  return last !== undefined && last.updatedAt < since;
}

/** "stale after 7 days" in a request changes the threshold (1 to 365 days). */
export function staleDaysIn(text: string): number {
  const m = /\bstale\s+(?:after|at)\s+(\d{1,3})\s+days?\b/i.exec(text);
  const n = m ? Number(m[1]) : STALE_DAYS;
  return n >= 1 && n <= 365 ? n : STALE_DAYS;
}
