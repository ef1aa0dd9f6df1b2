import type { CheckKind, PullActivity, PullFacts } from '../../domain/pr-activity';
import type { GitHubProblem } from '../../domain/read-refusal';
import type { ReadWindow } from '../../domain/read-window';

const WHY: Record<ReadWindow['why'], string> = {
  since_last_run: 'since the last run',
  asked: 'as the request asks',
  default: 'the last 24 hours: no earlier run',
};

/**
 * One repository's pull requests as the model reads them: the lists already sorted (the rules
 * are the domain's, not the model's), every PR with its html_url to cite, what was not read.
 */
export function repoTranscript(r: {
  repo: { fullName: string; htmlUrl: string };
  window: ReadWindow;
  now: Date;
  activity: PullActivity;
  staleDays: number;
  open: { pulls: PullFacts[]; truncated: boolean };
  closed: { pulls: PullFacts[]; truncated: boolean };
  checked: number;
  problems: ReadonlyMap<CheckKind, GitHubProblem>;
}): string {
  const a = r.activity;
  const t = a.totals;
  const lines = [
    `${r.repo.fullName} (${r.repo.htmlUrl}): pull requests from ${r.window.since.toISOString()} to ${r.now.toISOString()} (${WHY[r.window.why]}).`,
    `Read: ${r.open.pulls.length} open PRs${r.open.truncated ? ' (the newest only: older open PRs were not read)' : ''}, ${r.closed.pulls.length} closed PRs updated recently${r.closed.truncated ? ' (cut at the cap: some closed in the window may be missing)' : ''}.`,
    `Stale means open with no activity for ${r.staleDays} days or more. Checks were read on the latest commit of ${r.checked} open, ready PRs (the most recently active).`,
    ...[...r.problems].map(([kind, p]) => `Not readable: ${kind} (${p.code}${p.code === 'github_missing_permission' && p.permission ? `: the token lacks ${p.permission}` : ''}), so failing checks may be missing.`),
    '',
    list(`Opened in the window`, t.opened, a.opened.map((p) => pr(p, p.state === 'open' ? 'still open' : p.mergedAt ? 'merged since' : 'closed since'))),
    list(`Merged in the window`, t.merged, a.merged.map((p) => pr(p))),
    list(`Closed without merging in the window`, t.closed, a.closed.map((p) => pr(p))),
    list(`Waiting longest for a review (open, not draft, reviewers requested; oldest first; waiting counted from when it was opened)`, t.waiting, a.waiting.map((w) => pr(w.pull, `waiting ${w.days} days, requested: ${w.pull.requested.join(', ')}`))),
    list(`Failing checks on the latest commit`, t.failing, a.failing.map((f) => pr(f.pull, `failing: ${f.checks.join(', ')}`))),
    list(`Stale (longest idle first)`, t.stale, a.stale.map((s) => pr(s.pull, `idle ${s.idleDays} days${s.pull.draft ? ', draft' : ''}`))),
  ];
  return lines.join('\n');
}

function list(title: string, total: number, rows: string[]): string {
  const shown = rows.length < total ? `; the first ${rows.length} shown` : '';
  return `${title} (${total}${shown}):\n${rows.length ? rows.join('\n') : '- none'}`;
}

function pr(p: PullFacts, note?: string): string {
  return `- #${p.number} "${p.title}" by ${p.author}${note ? `, ${note}` : ''}: ${p.url}`;
}
