import type { PrRef } from '../../domain/github-refs';
import { githubProblem, type GitHubApi, type GitHubProblem } from './client';

export interface PullMeta {
  title: string;
  body: string;
  author: string;
  base: string;
  head: string;
  headSha: string;
  draft: boolean;
  state: string;
  htmlUrl: string;
  changedFiles: number;
  additions: number;
  deletions: number;
}

export interface PullRead {
  meta: PullMeta;
  /** A unified diff: GitHub's own, or rebuilt from per-file patches when GitHub refuses the whole. */
  diff: string;
  diffSource: 'diff' | 'files';
  /** Files whose changes are not in `diff` (no patch from GitHub, or past the cap). */
  omitted: string[];
  checks: Array<{ name: string; status: string; conclusion: string | null }> | { problem: GitHubProblem };
  reviews: Array<{ user: string; state: string; body: string }> | { problem: GitHubProblem };
}

const DIFF = 'application/vnd.github.v3.diff';

/**
 * A pull request as a reviewer reads it: what it is, its diff, its checks and the reviews so
 * far. A diff GitHub refuses as too large (over 300 files or 20,000 lines) falls back to the
 * per-file patches, capped, and says what was left out. Checks and reviews a token may not read
 * are notes, not failures.
 */
export async function readPull(api: GitHubApi, ref: PrRef, caps: { maxFiles: number; maxDiffBytes: number }): Promise<{ ok: true; pull: PullRead } | { ok: false; problem: GitHubProblem }> {
  const where = { owner: ref.owner, repo: ref.repo, pull_number: ref.number };
  let meta: PullMeta;
  try {
    const { data: pr } = await api.rest.pulls.get(where);
    meta = {
      title: pr.title,
      body: pr.body ?? '',
      author: pr.user?.login ?? 'unknown',
      base: pr.base.ref,
      head: pr.head.ref,
      headSha: pr.head.sha,
      draft: !!pr.draft,
      state: pr.merged ? 'merged' : pr.state,
      htmlUrl: pr.html_url,
      changedFiles: pr.changed_files,
      additions: pr.additions,
      deletions: pr.deletions,
    };
  } catch (error) {
    return { ok: false, problem: githubProblem(error) };
  }
  let diff: string;
  let diffSource: PullRead['diffSource'] = 'diff';
  let omitted: string[] = [];
  try {
    const res = await api.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...where, headers: { accept: DIFF } });
    diff = String(res.data);
    if (Buffer.byteLength(diff) > caps.maxDiffBytes) throw Object.assign(new Error('too_large'), { status: 406, response: { data: 'too_large' } });
  } catch (error) {
    const problem = githubProblem(error);
    if (problem.code !== 'diff_too_large') return { ok: false, problem };
    const fromFiles = await diffFromFiles(api, where, caps);
    if (!fromFiles.ok) return fromFiles;
    ({ diff, omitted } = fromFiles);
    diffSource = 'files';
  }
  const [checks, reviews] = await Promise.all([readChecks(api, ref, meta.headSha), readReviews(api, where)]);
  return { ok: true, pull: { meta, diff, diffSource, omitted, checks, reviews } };
}

async function diffFromFiles(api: GitHubApi, where: { owner: string; repo: string; pull_number: number }, caps: { maxFiles: number; maxDiffBytes: number }) {
  try {
    const files = await api.paginate(api.rest.pulls.listFiles, { ...where, per_page: 100 });
    const parts: string[] = [];
    const omitted: string[] = [];
    let bytes = 0;
    for (const f of files) {
      const part = f.patch ? `diff --git a/${f.filename} b/${f.filename}\n--- a/${f.filename}\n+++ b/${f.filename}\n${f.patch}\n` : '';
      if (!part || parts.length >= caps.maxFiles || bytes + part.length > caps.maxDiffBytes) {
        omitted.push(f.filename);
        continue;
      }
      parts.push(part);
      bytes += part.length;
    }
    return { ok: true as const, diff: parts.join(''), omitted };
  } catch (error) {
    return { ok: false as const, problem: githubProblem(error) };
  }
}

async function readChecks(api: GitHubApi, ref: PrRef, sha: string): Promise<PullRead['checks']> {
  try {
    const { data } = await api.rest.checks.listForRef({ owner: ref.owner, repo: ref.repo, ref: sha, per_page: 100 });
    return data.check_runs.map((c) => ({ name: c.name, status: c.status, conclusion: c.conclusion ?? null }));
  } catch (error) {
    return { problem: githubProblem(error) };
  }
}

async function readReviews(api: GitHubApi, where: { owner: string; repo: string; pull_number: number }): Promise<PullRead['reviews']> {
  try {
    const { data } = await api.rest.pulls.listReviews({ ...where, per_page: 100 });
    return data.map((r) => ({ user: r.user?.login ?? 'unknown', state: r.state, body: r.body ?? '' }));
  } catch (error) {
    return { problem: githubProblem(error) };
  }
}
