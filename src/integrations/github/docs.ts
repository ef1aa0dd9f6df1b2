import { z } from 'zod';
import type { RepoRef } from '../../domain/github-refs';
import type { GitHubApi } from './client';
import { fetched, type Fetched } from './repository';

/**
 * The reads behind the docs agent: a repository, its tree, its commits since a time, one
 * commit's files, one file's text. Each fetches, parses what Delegate relies on, and answers
 * with the data or the problem GitHub gave (never a throw).
 */
const treeJson = z.object({
  sha: z.string(),
  truncated: z.boolean().catch(false),
  tree: z.array(z.object({ path: z.string(), type: z.string(), size: z.number().optional() })),
});
const listedJson = z.array(
  z.object({
    sha: z.string(),
    html_url: z.string(),
    parents: z.array(z.object({ sha: z.string() })).catch([]),
    commit: z.object({ message: z.string(), author: z.object({ name: z.string().optional(), date: z.string().optional() }).nullable().catch(null) }),
  }),
);
const commitJson = z.object({
  sha: z.string(),
  html_url: z.string(),
  commit: z.object({ message: z.string() }),
  files: z.array(z.object({ filename: z.string(), status: z.string(), previous_filename: z.string().optional() })).catch([]),
});
const fileJson = z.object({ type: z.literal('file'), encoding: z.string(), content: z.string(), html_url: z.string().nullable().catch(null) });

export interface TreeRead {
  sha: string;
  /** Blobs only, with their sizes; at most the cap. */
  files: Array<{ path: string; size: number }>;
  /** GitHub cut the tree short, or it held more files than the cap. */
  truncated: boolean;
}
export interface ListedCommit {
  sha: string;
  url: string;
  parents: number;
  message: string;
  author: string;
  date: string;
}
export interface CommitRead {
  sha: string;
  url: string;
  message: string;
  files: Array<{ path: string; status: string }>;
}



export function readTree(api: GitHubApi, ref: RepoRef, branch: string, maxFiles: number): Promise<Fetched<TreeRead>> {
  return fetched(async () => {
    const { data } = await api.rest.git.getTree({ owner: ref.owner, repo: ref.repo, tree_sha: branch, recursive: 'true' });
    const tree = treeJson.parse(data);
    const blobs = tree.tree.filter((e) => e.type === 'blob');
    return { sha: tree.sha, files: blobs.slice(0, maxFiles).map((e) => ({ path: e.path, size: e.size ?? 0 })), truncated: tree.truncated || blobs.length > maxFiles };
  });
}

/** Commits on the default branch since `since`, newest first: one page, so at most `max`. */
export function listCommitsSince(api: GitHubApi, ref: RepoRef, since: Date, max: number): Promise<Fetched<{ commits: ListedCommit[]; more: boolean }>> {
  return fetched(async () => {
    const { data } = await api.rest.repos.listCommits({ owner: ref.owner, repo: ref.repo, since: since.toISOString(), per_page: max });
    const commits = listedJson.parse(data).map((c) => ({
      sha: c.sha,
      url: c.html_url,
      parents: c.parents.length,
      message: c.commit.message,
      author: c.commit.author?.name ?? 'unknown',
      date: c.commit.author?.date ?? '',
    }));
    return { commits, more: commits.length >= max };
  });
}

/** One commit's changed files (GitHub's first page: up to 300). */
export function readCommit(api: GitHubApi, ref: RepoRef, sha: string): Promise<Fetched<CommitRead>> {
  return fetched(async () => {
    const c = commitJson.parse((await api.rest.repos.getCommit({ owner: ref.owner, repo: ref.repo, ref: sha })).data);
    return { sha: c.sha, url: c.html_url, message: c.commit.message, files: c.files.map((f) => ({ path: f.filename, status: f.status })) };
  });
}

/** A file's text at `branch`, from the contents API (base64 JSON). */
export function readText(api: GitHubApi, ref: RepoRef, branch: string, path: string): Promise<Fetched<{ text: string; url: string | null }>> {
  return fetched(async () => {
    const f = fileJson.parse((await api.rest.repos.getContent({ owner: ref.owner, repo: ref.repo, path, ref: branch })).data);
    const text = f.encoding === 'base64' ? Buffer.from(f.content, 'base64').toString('utf8') : f.content;
    return { text, url: f.html_url };
  });
}
