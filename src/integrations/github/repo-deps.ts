import { z } from 'zod';
import type { RepoRef } from '../../domain/github-refs';
import { githubProblem, type GitHubApi, type GitHubProblem } from './client';
import { fetched, type Fetched } from './repository';


/**
 * What a dependency review fetches from GitHub, each read on its own: the repository, its
 * file tree, the contents of named files, open Dependabot alerts and open pull requests.
 * Only fetching and parsing the answers here; what to read and what it means is the caller's.
 */
const tree = z.object({
  truncated: z.boolean().default(false),
  tree: z.array(z.object({ path: z.string(), type: z.string(), size: z.number().optional() })),
});
export interface TreeFile {
  path: string;
  size: number;
}

/** Every file on a branch (GitHub cuts a tree past 100,000 entries or 7 MB and says so). */
export function readTree(api: GitHubApi, ref: RepoRef, branch: string): Promise<Fetched<{ files: TreeFile[]; truncated: boolean }>> {
  return fetched(async () => {
    const { data } = await api.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { owner: ref.owner, repo: ref.repo, tree_sha: branch, recursive: '1' });
    const parsed = tree.parse(data);
    return { files: parsed.tree.filter((e) => e.type === 'blob').map((e) => ({ path: e.path, size: e.size ?? 0 })), truncated: parsed.truncated };
  });
}

const content = z.object({ encoding: z.string(), content: z.string(), size: z.number() });

/** A file's text, as the contents API sends it (base64 up to 1 MB; past that it sends none). */
export function readFileText(api: GitHubApi, ref: RepoRef, path: string, branch: string): Promise<Fetched<string>> {
  return fetched(async () => {
    const { data } = await api.request('GET /repos/{owner}/{repo}/contents/{path}', { owner: ref.owner, repo: ref.repo, path, ref: branch });
    const file = content.parse(data);
    if (file.encoding !== 'base64') throw Object.assign(new Error('no content'), { status: 413, response: { data: `GitHub sent no content for ${path} (${file.size} bytes)` } });
    return Buffer.from(file.content, 'base64').toString('utf8');
  });
}

const alert = z.object({
  number: z.number(),
  html_url: z.string(),
  dependency: z.object({
    package: z.object({ ecosystem: z.string(), name: z.string() }),
    manifest_path: z.string().nullish(),
    scope: z.string().nullish(),
  }),
  security_advisory: z.object({ ghsa_id: z.string(), cve_id: z.string().nullish(), summary: z.string(), severity: z.string() }),
  security_vulnerability: z.object({ vulnerable_version_range: z.string(), first_patched_version: z.object({ identifier: z.string() }).nullish() }),
});
export type DependabotAlert = z.infer<typeof alert>;

/** Open Dependabot alerts, the most recent first, at most `max`; `more` when GitHub has others. */
export function readOpenAlerts(api: GitHubApi, ref: RepoRef, max: number): Promise<Fetched<{ alerts: DependabotAlert[]; more: boolean }>> {
  return fetched(async () => {
    const res = await api.request('GET /repos/{owner}/{repo}/dependabot/alerts', { owner: ref.owner, repo: ref.repo, state: 'open', per_page: Math.min(max, 100) });
    const alerts = z.array(alert).parse(res.data);
    return { alerts: alerts.slice(0, max), more: alerts.length > max || /rel="next"/.test(String(res.headers.link ?? '')) };
  }, alertsProblem);
}

/** A repository with Dependabot alerts switched off answers 403 too, with no permission named: that is not the token's fault. */
function alertsProblem(error: unknown): GitHubProblem {
  const problem = githubProblem(error);
  const message = JSON.stringify((error as { response?: { data?: unknown } })?.response?.data ?? '');
  return problem.code === 'github_missing_permission' && !problem.permission && /disabled/i.test(message) ? { code: 'alerts_disabled' } : problem;
}

const pull = z.object({
  number: z.number(),
  title: z.string(),
  html_url: z.string(),
  user: z.object({ login: z.string() }).nullable(),
  head: z.object({ ref: z.string() }),
  created_at: z.string().optional(),
});
export interface OpenPull {
  number: number;
  title: string;
  url: string;
  author: string;
  branch: string;
}

/** Open pull requests, newest first, up to `pages` pages of 100. */
export function readOpenPulls(api: GitHubApi, ref: RepoRef, pages: number): Promise<Fetched<{ pulls: OpenPull[]; more: boolean }>> {
  return fetched(async () => {
    const pulls: OpenPull[] = [];
    let more = false;
    for await (const res of api.paginate.iterator('GET /repos/{owner}/{repo}/pulls', { owner: ref.owner, repo: ref.repo, state: 'open', per_page: 100 })) {
      if (pulls.length >= pages * 100) {
        more = true;
        break;
      }
      for (const p of z.array(pull).parse(res.data)) pulls.push({ number: p.number, title: p.title, url: p.html_url, author: p.user?.login ?? 'unknown', branch: p.head.ref });
    }
    return { pulls, more };
  });
}
