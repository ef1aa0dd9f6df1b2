import { z } from 'zod';
import type { CommitFiles, TreeEntry } from '../../domain/debt-signals';
import type { GitHubApi, GitHubProblem } from './client';
import { fetched, type Fetched } from './repository';

/**
 * The reads behind the tech-debt agent, fetch only: the repository, a code search, the file
 * tree with sizes, recent commits with their files, labels and the issues under a label. What
 * Delegate relies on in each answer is parsed with zod; a refusal is a GitHubProblem, never a throw.
 */
type Repo = { owner: string; repo: string };
const searchJson = z.object({ total_count: z.number(), incomplete_results: z.boolean(), items: z.array(z.object({ path: z.string() })) });

/**
 * One page of code search (up to 100 files). `incomplete` is GitHub saying it stopped early
 * (a timeout on its side): the files are real, the list may be short.
 */
export function searchCode(api: GitHubApi, q: string): Promise<Fetched<{ total: number; incomplete: boolean; paths: string[] }>> {
  return fetched(async () => {
    const data = searchJson.parse((await api.request('GET /search/code', { q, per_page: 100 })).data);
    return { total: data.total_count, incomplete: data.incomplete_results, paths: data.items.map((i) => i.path) };
  });
}

const treeJson = z.object({ truncated: z.boolean(), tree: z.array(z.object({ path: z.string(), type: z.string(), size: z.number().optional() })) });

/** Every path in the tree at `ref` with blob sizes (one call; GitHub truncates past 100,000 entries and says so). */
export function readTree(api: GitHubApi, where: Repo, ref: string): Promise<Fetched<{ entries: TreeEntry[]; truncated: boolean }>> {
  return fetched(async () => {
    const data = treeJson.parse((await api.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { ...where, tree_sha: ref, recursive: '1' })).data);
    return { entries: data.tree, truncated: data.truncated };
  });
}

const commitsJson = z.array(z.object({ sha: z.string(), parents: z.array(z.object({ sha: z.string() })).default([]) }));
const commitJson = z.object({ sha: z.string(), files: z.array(z.object({ filename: z.string() })).default([]) });

export interface RecentCommits {
  commits: CommitFiles[];
  /** More commits since `since` than were opened. */
  more: boolean;
  /** A commit GitHub would not show: opening stopped there. */
  stopped: GitHubProblem | null;
}

/**
 * The newest commits on `ref` since a date, at most `max` opened for their files (one call
 * each). Merge commits are skipped: their files repeat what the merged commits changed.
 */
export async function recentCommits(api: GitHubApi, where: Repo, opts: { ref: string; since: Date; max: number }): Promise<Fetched<RecentCommits>> {
  const listed = await fetched(async () => {
    const res = await api.request('GET /repos/{owner}/{repo}/commits', { ...where, sha: opts.ref, since: opts.since.toISOString(), per_page: Math.min(100, opts.max + 10) });
    return { list: commitsJson.parse(res.data), next: /rel="next"/.test(String(res.headers.link ?? '')) };
  });
  if (!listed.ok) return listed;
  const own = listed.value.list.filter((c) => c.parents.length <= 1);
  const commits: CommitFiles[] = [];
  let stopped: GitHubProblem | null = null;
  for (const c of own.slice(0, opts.max)) {
    const one = await fetched(async () => commitJson.parse((await api.request('GET /repos/{owner}/{repo}/commits/{ref}', { ...where, ref: c.sha })).data));
    if (!one.ok) {
      stopped = one.problem;
      break;
    }
    commits.push({ sha: one.value.sha, files: one.value.files.map((f) => f.filename) });
  }
  return { ok: true, value: { commits, more: listed.value.next || own.length > opts.max, stopped } };
}

const labelsJson = z.array(z.object({ name: z.string() }));

/** The repository's label names (one page of 100). */
export function listLabels(api: GitHubApi, where: Repo): Promise<Fetched<string[]>> {
  return fetched(async () => labelsJson.parse((await api.request('GET /repos/{owner}/{repo}/labels', { ...where, per_page: 100 })).data).map((l) => l.name));
}

const issuesJson = z.array(
  z.object({
    number: z.number(),
    title: z.string(),
    html_url: z.string(),
    created_at: z.string(),
    comments: z.number().default(0),
    labels: z.array(z.union([z.string(), z.object({ name: z.string() })])).default([]),
    pull_request: z.unknown().optional(),
  }),
);
export interface DebtIssue {
  number: number;
  title: string;
  url: string;
  createdAt: string;
  comments: number;
  labels: string[];
}

/** Open issues under one label (GitHub's `labels` filter is AND, so one label a call), pull requests left out. */
export function openIssuesLabelled(api: GitHubApi, where: Repo, label: string, max: number): Promise<Fetched<DebtIssue[]>> {
  return fetched(async () => {
    const res = await api.request('GET /repos/{owner}/{repo}/issues', { ...where, labels: label, state: 'open', sort: 'updated', direction: 'desc', per_page: Math.min(100, max) });
    return issuesJson
      .parse(res.data)
      .filter((i) => !i.pull_request)
      .map((i) => ({ number: i.number, title: i.title, url: i.html_url, createdAt: i.created_at, comments: i.comments, labels: i.labels.map((l) => (typeof l === 'string' ? l : l.name)) }));
  });
}
