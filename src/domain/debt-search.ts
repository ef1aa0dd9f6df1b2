import type { RepoRef } from './github-refs';

/**
 * Which code searches a tech-debt run makes. Pure. GitHub's code search allows about 10
 * requests a minute for a token, far fewer than the REST API: a run plans its searches within
 * a budget (Octokit's throttling plugin then spaces them 2 s apart), and what it did not run
 * is said, to the model and on the card, rather than silently left out.
 */

/** The words that mark debt in code, searched in this order (the most telling first). */
export const DEBT_MARKERS = ['TODO', 'FIXME', 'HACK'] as const;

/** At most half the minute's allowance per run, so two runs in the same minute still fit. */
export const SEARCH_BUDGET: SearchBudget = { perMinute: 10, perRun: 5 };

/** Words a request may add, beyond the markers; more are ignored (and said to be). */
export const MAX_EXTRA_TERMS = 5;

export interface SearchBudget {
  /** GitHub's limit for code search, per minute. */
  perMinute: number;
  /** What one run may use of it. */
  perRun: number;
}

export interface SearchQuery {
  term: string;
  /** The `q` GitHub is sent: the term (quoted when it has a space) and the repository. */
  q: string;
}

export interface SearchPlan {
  run: SearchQuery[];
  /** Planned but not run: past the budget. */
  skipped: SearchQuery[];
  budget: number;
}

/**
 * Extra words a request asks to look for, in double quotes: `acme/web "XXX" "legacy api"`.
 * Letters, digits, spaces and `_ - . @ :` only (code search drops other punctuation anyway),
 * up to 40 characters each, once each, at most `MAX_EXTRA_TERMS`.
 */
export function extraTermsIn(text: string): { terms: string[]; ignored: string[] } {
  const found: string[] = [];
  for (const m of text.matchAll(/["“”]([^"“”\n]{1,60})["“”]/g)) {
    const term = m[1]!.trim().replace(/\s+/g, ' ');
    if (!/^[\w .@:-]{1,40}$/.test(term) || !/\w/.test(term)) continue;
    if (![...DEBT_MARKERS, ...found].some((t) => t.toLowerCase() === term.toLowerCase())) found.push(term);
  }
  return { terms: found.slice(0, MAX_EXTRA_TERMS), ignored: found.slice(MAX_EXTRA_TERMS) };
}

/** One query per term, in order, once each; the first ones the budget allows are run, the rest skipped. */
export function planSearches(repo: RepoRef, terms: readonly string[], budget: SearchBudget): SearchPlan {
  const unique = terms.filter((t, i) => t.trim() && terms.findIndex((u) => u.toLowerCase() === t.toLowerCase()) === i);
  const queries = unique.map((term) => ({ term, q: `${/\s/.test(term) ? `"${term}"` : term} repo:${repo.owner}/${repo.repo}` }));
  const allowed = Math.max(0, Math.min(budget.perRun, budget.perMinute));
  return { run: queries.slice(0, allowed), skipped: queries.slice(allowed), budget: allowed };
}
