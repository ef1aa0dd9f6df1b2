import { z } from 'zod';
import type { RepoRef } from '../../domain/github-refs';
import type { PullFacts } from '../../domain/pr-activity';
import { conditionalGet, type AnswerCache } from './conditional';
import type { GitHubApi } from './client';

// Only the fields Delegate relies on: GitHub's answers are parsed here, and stored as parsed.
const repoAnswer = z.object({ full_name: z.string(), html_url: z.string() });
const login = z.object({ login: z.string() });
const pullAnswer = z.object({
  number: z.number().int(),
  title: z.string(),
  html_url: z.string(),
  state: z.enum(['open', 'closed']),
  draft: z.boolean().nullish(),
  user: login.nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: z.string().nullable(),
  merged_at: z.string().nullable(),
  requested_reviewers: z.array(login).nullish(),
  requested_teams: z.array(z.object({ slug: z.string() })).nullish(),
  head: z.object({ sha: z.string() }),
});
const pullsAnswer = z.array(pullAnswer);
const checkRunsAnswer = z.object({ check_runs: z.array(z.object({ name: z.string(), status: z.string(), conclusion: z.string().nullable() })) });
const statusAnswer = z.object({ statuses: z.array(z.object({ context: z.string(), state: z.string() })) });

const base = (r: RepoRef) => `/repos/${encodeURIComponent(r.owner)}/${encodeURIComponent(r.repo)}`;

/** The repository as GitHub names it (its canonical owner/name and page). */
export async function readRepo(api: GitHubApi, ref: RepoRef, cache: AnswerCache): Promise<{ fullName: string; htmlUrl: string }> {
  const { data } = await conditionalGet(api, base(ref), repoAnswer, cache);
  return { fullName: data.full_name, htmlUrl: data.html_url };
}

/**
 * Pull requests page by page, each page a conditional request. Open ones newest first; closed
 * ones most recently updated first, until `enough` says the rest is older than needed.
 */
export async function listPulls(
  api: GitHubApi,
  ref: RepoRef,
  cache: AnswerCache,
  opts: { state: 'open' | 'closed'; perPage: number; maxPages: number; enough?: (page: PullFacts[]) => boolean },
): Promise<{ pulls: PullFacts[]; truncated: boolean }> {
  const sort = opts.state === 'open' ? 'created' : 'updated';
  let url: string | null = `${base(ref)}/pulls?state=${opts.state}&sort=${sort}&direction=desc&per_page=${opts.perPage}`;
  const pulls: PullFacts[] = [];
  for (let page = 0; url && page < opts.maxPages; page++) {
    const answer: { data: z.infer<typeof pullsAnswer>; next: string | null } = await conditionalGet(api, url, pullsAnswer, cache);
    const facts = answer.data.map((p) => toFacts(ref, p));
    pulls.push(...facts);
    url = opts.enough?.(facts) ? null : answer.next;
  }
  return { pulls, truncated: url !== null };
}

/** A commit's check runs (GitHub's latest of each name); needs the Checks permission. */
export async function readCheckRuns(api: GitHubApi, ref: RepoRef, sha: string, cache: AnswerCache): Promise<Array<{ name: string; conclusion: string | null }>> {
  return (await conditionalGet(api, `${base(ref)}/commits/${sha}/check-runs?per_page=100`, checkRunsAnswer, cache)).data.check_runs;
}

/** A commit's statuses (the latest of each context); needs the Commit statuses permission. */
export async function readCommitStatuses(api: GitHubApi, ref: RepoRef, sha: string, cache: AnswerCache): Promise<Array<{ context: string; state: string }>> {
  return (await conditionalGet(api, `${base(ref)}/commits/${sha}/status?per_page=100`, statusAnswer, cache)).data.statuses;
}

function toFacts(ref: RepoRef, p: z.infer<typeof pullAnswer>): PullFacts {
  return {
    number: p.number,
    title: p.title,
    url: p.html_url,
    author: p.user?.login ?? 'ghost',
    draft: !!p.draft,
    state: p.state,
    createdAt: new Date(p.created_at),
    updatedAt: new Date(p.updated_at),
    closedAt: p.closed_at ? new Date(p.closed_at) : null,
    mergedAt: p.merged_at ? new Date(p.merged_at) : null,
    requested: [...(p.requested_reviewers ?? []).map((r) => r.login), ...(p.requested_teams ?? []).map((t) => `@${ref.owner}/${t.slug}`)],
    headSha: p.head.sha,
  };
}
