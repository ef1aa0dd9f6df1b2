import { createHash } from 'node:crypto';
import type { ReadOutcome } from '../../agents/reading';
import { DEBT_MARKERS, MAX_EXTRA_TERMS, SEARCH_BUDGET, extraTermsIn, planSearches } from '../../domain/debt-search';
import { churn, debtCandidates, debtLabels, dirOf, hotspotAreas, largestFiles, markerHotspots, type SearchHit } from '../../domain/debt-signals';
import { unreadEvidence, type Evidence, type ReadProblem } from '../../domain/evidence';
import { formatRepoRef, repoRefsIn, type RepoRef } from '../../domain/github-refs';
import type { GitHubProblem, ReadRefusal } from '../../domain/read-refusal';
import { listLabels, openIssuesLabelled, readTree, recentCommits, searchCode, type DebtIssue } from '../../integrations/github/debt';
import { readRepository } from '../../integrations/github/repository';
import type { Deps } from '../deps';
import { debtTranscript, type DebtReading } from './debt-transcript';

type GitHubDeps = Pick<Deps, 'github' | 'now'>;
type Gathered = ReadOutcome & { refusals: ReadRefusal[] };

/** What one run reads at most: commits opened (one call each), debt labels followed, and what the model is shown. */
export const DEBT_CAPS = { days: 90, commits: 30, labels: 4, issuesPerLabel: 20, hotspots: 40, areas: 10, largest: 20, churn: 20, candidates: 15 };

/**
 * The repository a request names (the first; a run reads one), read for the model: debt
 * markers by code search within its budget, the largest files, the paths changed most in 90
 * days, and the open issues labelled as debt. Every read is evidence; what made the picture
 * partial (an incomplete or refused search, a search past the budget) is said to the model in
 * the text and shown on the card as a read that did not happen in full.
 */
export async function gatherDebt(deps: GitHubDeps, agent: string, instructions: string): Promise<Gathered> {
  const api = deps.github;
  if (!api) return { blocks: [], evidence: [], refusals: [{ code: 'github_not_configured', agent }] };
  const [ref, ...others] = repoRefsIn(instructions);
  if (!ref) return { blocks: [], evidence: [], refusals: [{ code: 'no_repository', agent }] };
  const name = formatRepoRef(ref);
  const at = deps.now();
  const evidence: Evidence[] = others.map((o) => unread(formatRepoRef(o), at, { code: 'one_repository' }));
  const refused = (what: string, problem: GitHubProblem): Gathered => {
    const refusal: ReadRefusal = { code: 'github_refused', ref: what, problem, what: 'repository' };
    return { blocks: [], evidence: [...evidence, unread(what, at, { ...refusal })], refusals: [refusal] };
  };

  const repo = await readRepository(api, ref);
  if (!repo.ok) return refused(name, repo.problem);
  const { html_url: url, default_branch: branch } = repo.value;
  evidence.push(read({ ref: name, label: `${name} (${branch})`, url, aliases: [url], items: 1, at, digest: JSON.stringify(repo.value) }));
  // Without the tree (Contents: read) nothing else is worth reading: the run stops, saying why.
  const tree = await readTree(api, ref, branch);
  if (!tree.ok) return refused(`${name} files`, tree.problem);

  const partial: string[] = [];
  const { hits, searches } = await runSearches(deps, ref, { name, url, instructions, at, evidence, partial });
  const hotspots = markerHotspots(hits, DEBT_CAPS.hotspots);
  const largest = largestFiles(tree.value.entries, DEBT_CAPS.largest);
  evidence.push(read({ ref: `${name} files at ${branch}`, label: `${name}: ${tree.value.entries.length} paths`, url: `${url}/tree/${branch}`, aliases: withDirs(largest.map((l) => l.path)), items: tree.value.entries.length, truncated: tree.value.truncated, at, digest: JSON.stringify(largest) }));
  if (tree.value.truncated) partial.push('GitHub cut the file tree short (a very large repository), so the largest files may miss some.');

  const since = new Date(at.getTime() - DEBT_CAPS.days * 86_400_000);
  const commits = await recentCommits(api, ref, { ref: branch, since, max: DEBT_CAPS.commits });
  let changed: Array<{ path: string; commits: number }> = [];
  let opened = 0;
  let more = false;
  const commitsRef = `${name} commits since ${since.toISOString().slice(0, 10)}`;
  if (!commits.ok) {
    evidence.push(unread(commitsRef, at, { code: 'github_refused', ref: commitsRef, problem: commits.problem, what: 'repository' }));
    partial.push(`The commits could not be read (${problemWords(commits.problem)}), so nothing is known about churn.`);
  } else {
    changed = churn(commits.value.commits, DEBT_CAPS.churn);
    opened = commits.value.commits.length;
    more = commits.value.more || commits.value.stopped !== null;
    evidence.push(read({ ref: commitsRef, label: `${name}: ${opened} commits since ${since.toISOString().slice(0, 10)}`, url: `${url}/commits/${branch}`, aliases: withDirs(changed.map((c) => c.path)), items: opened, truncated: more, at, digest: commits.value.commits.map((c) => c.sha).join(',') }));
    if (commits.value.stopped) partial.push(`GitHub stopped showing commits after ${opened} (${problemWords(commits.value.stopped)}).`);
  }

  const { labels, issues } = await readDebtIssues(deps, ref, { name, url, at, evidence, partial });
  const reading: DebtReading = {
    name, url, branch, since, partial, searches, hotspots, largest, labels, issues,
    areas: hotspotAreas(hotspots, DEBT_CAPS.areas),
    treeTruncated: tree.value.truncated,
    churn: changed,
    commitsOpened: opened,
    moreCommits: more,
    candidates: debtCandidates({ hotspots, largest, churn: changed }, DEBT_CAPS.candidates),
  };
  return { blocks: [{ kind: 'github_repo', source: url, text: debtTranscript(reading) }], evidence, refusals: [] };
}

type Run = { name: string; url: string; at: Date; evidence: Evidence[]; partial: string[] };

async function runSearches(deps: GitHubDeps, ref: RepoRef, run: Run & { instructions: string }) {
  const { name, at, evidence, partial } = run;
  const extra = extraTermsIn(run.instructions);
  const plan = planSearches(ref, [...DEBT_MARKERS, ...extra.terms], SEARCH_BUDGET);
  const hits: SearchHit[] = [];
  const searches: DebtReading['searches'] = [];
  for (const query of plan.run) {
    const what = `${name} code search: ${query.term}`;
    const found = await searchCode(deps.github!, query.q);
    if (!found.ok) {
      evidence.push(unread(what, at, { code: 'github_refused', ref: what, problem: found.problem, what: 'repository' }));
      partial.push(`The search for “${query.term}” was refused (${problemWords(found.problem)}); files carrying it are missing.`);
      continue;
    }
    const { paths, total, incomplete } = found.value;
    hits.push({ term: query.term, paths });
    searches.push({ term: query.term, found: paths.length, total });
    const searchUrl = `${new URL(run.url).origin}/search?type=code&q=${encodeURIComponent(query.q)}`;
    evidence.push(read({ ref: what, label: `${name}: “${query.term}” in ${total} files`, url: searchUrl, aliases: withDirs(paths), items: paths.length, truncated: incomplete || total > paths.length, at, digest: paths.join('\n') }));
    if (incomplete) {
      evidence.push(unread(`${what} (incomplete)`, at, { code: 'search_incomplete', term: query.term }));
      partial.push(`GitHub stopped the search for “${query.term}” early and said its results were incomplete: more files may carry it.`);
    }
  }
  for (const query of plan.skipped) {
    evidence.push(unread(`${name} code search: ${query.term}`, at, { code: 'search_budget', budget: plan.budget }));
    partial.push(`The search for “${query.term}” was not run: code search allows about ${SEARCH_BUDGET.perMinute} searches a minute, and a run makes at most ${plan.budget}.`);
  }
  if (extra.ignored.length) {
    evidence.push(unread(`${name} code search: ${extra.ignored.join(', ')}`, at, { code: 'search_terms_ignored', max: MAX_EXTRA_TERMS }));
    partial.push(`Not searched (only ${MAX_EXTRA_TERMS} extra words are): ${extra.ignored.map((t) => `“${t}”`).join(', ')}.`);
  }
  return { hits, searches };
}

/** The repository's debt labels, then the open issues under each (one call a label, GitHub's filter being AND). */
async function readDebtIssues(deps: GitHubDeps, ref: RepoRef, run: Run): Promise<{ labels: string[] | null; issues: DebtIssue[] }> {
  const { name, url, at, evidence, partial } = run;
  const all = await listLabels(deps.github!, ref);
  if (!all.ok) {
    evidence.push(unread(`${name} labels`, at, { code: 'github_refused', ref: `${name} labels`, problem: all.problem, what: 'repository' }));
    partial.push(`The issues could not be read (${problemWords(all.problem)}), so issues labelled as debt are missing.`);
    return { labels: null, issues: [] };
  }
  const labels = debtLabels(all.value, DEBT_CAPS.labels);
  evidence.push(read({ ref: `${name} labels`, label: `${name}: ${all.value.length} labels, ${labels.length} about debt`, url: `${url}/labels`, aliases: [], items: all.value.length, at, digest: all.value.join('\n') }));
  const issues = new Map<number, DebtIssue>();
  for (const label of labels) {
    const what = `${name} issues labelled ${label}`;
    const found = await openIssuesLabelled(deps.github!, ref, label, DEBT_CAPS.issuesPerLabel);
    if (!found.ok) {
      evidence.push(unread(what, at, { code: 'github_refused', ref: what, problem: found.problem, what: 'repository' }));
      partial.push(`The issues labelled “${label}” could not be read (${problemWords(found.problem)}).`);
      continue;
    }
    for (const issue of found.value) issues.set(issue.number, issue);
    const link = `${url}/issues?q=${encodeURIComponent(`is:open label:"${label}"`)}`;
    evidence.push(read({ ref: what, label: `${name}: ${found.value.length} open “${label}” issues`, url: link, aliases: found.value.map((i) => i.url), items: found.value.length, truncated: found.value.length >= DEBT_CAPS.issuesPerLabel, at, digest: found.value.map((i) => i.number).join(',') }));
  }
  return { labels, issues: [...issues.values()] };
}

/** For the model: a refusal's code, and the permission when GitHub named it. */
function problemWords(p: GitHubProblem): string {
  if (p.code === 'github_missing_permission') return p.permission ? `the token lacks ${p.permission}` : 'the token may not read this';
  if (p.code === 'github_error') return `GitHub answered ${p.status}`;
  return p.code.replace(/^github_/, '').replace(/_/g, ' ');
}

/** The paths read, and the directories they are in: an area may be cited by its directory. */
function withDirs(paths: readonly string[]): string[] {
  const all = new Set(paths);
  for (const p of paths) for (let d = dirOf(p); d !== '.' && !all.has(d); d = dirOf(d)) all.add(d);
  return [...all];
}

function unread(ref: string, at: Date, problem: ReadProblem): Evidence {
  return unreadEvidence({ kind: 'github_repo', ref, via: 'context', at, problem });
}

function read(r: { ref: string; label: string; url: string; aliases: string[]; items: number; at: Date; digest: string; truncated?: boolean }): Evidence {
  return { kind: 'github_repo', ref: r.ref, label: r.label, url: r.url, aliases: r.aliases, via: 'context', at: r.at, since: null, bytes: Buffer.byteLength(r.digest), items: r.items, truncated: r.truncated ?? false, digest: createHash('sha256').update(r.digest).digest('hex'), problem: null };
}
