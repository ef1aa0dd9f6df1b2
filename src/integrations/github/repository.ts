import { z } from 'zod';
import type { RepoRef } from '../../domain/github-refs';
import { githubProblem, type GitHubApi, type GitHubProblem } from './client';

/** A GitHub read's answer: the value, or why GitHub would not give it (worded by the views). */
export type Fetched<T> = { ok: true; value: T } | { ok: false; problem: GitHubProblem };

export async function fetched<T>(read: () => Promise<T>, problemOf: (error: unknown) => GitHubProblem = githubProblem): Promise<Fetched<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, problem: problemOf(error) };
  }
}

const repository = z.object({ full_name: z.string(), default_branch: z.string(), html_url: z.string() });
export type Repository = z.infer<typeof repository>;

/** The repository itself (Metadata: read): whether the token sees it, its default branch and page. */
export function readRepository(api: GitHubApi, ref: RepoRef): Promise<Fetched<Repository>> {
  return fetched(async () => repository.parse((await api.request('GET /repos/{owner}/{repo}', { owner: ref.owner, repo: ref.repo })).data));
}
