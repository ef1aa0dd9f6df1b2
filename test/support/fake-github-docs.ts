import { createHash } from 'node:crypto';
import { sendJson } from './http-server';
import type { FakeRoute } from './fake-github';

export interface FakeCommit {
  sha: string;
  message: string;
  /** ISO time; `since` is compared with it, as GitHub compares with the commit's date. */
  date: string;
  author?: string;
  parents?: number;
  files: Array<{ filename: string; status?: string }>;
}

export interface FakeRepo {
  owner: string;
  repo: string;
  defaultBranch?: string;
  /** The files at the default branch's head: the tree, and what the contents API serves. */
  files: Record<string, string>;
  commits: FakeCommit[];
}

type Fake = { route(...r: FakeRoute[]): void };

/** A 40-hex sha from a short name, so a test can write `sha('a1')` and the fake serves a real-looking one. */
export const sha = (name: string) => createHash('sha1').update(name).digest('hex');

/**
 * The endpoints the docs agent reads, for the repositories a test adds (others stay 404, as
 * GitHub answers for a repository that does not exist or the token cannot see): the
 * repository, its recursive tree, its commits since a time (one page, newest first), one
 * commit with its files, and a file's contents (base64 JSON, or raw). Every commit-list query
 * is recorded with its `since`.
 */
export function addDocsRepos(gh: Fake) {
  const repos = new Map<string, FakeRepo>();
  const commitQueries: Array<{ repo: string; since: string | null; perPage: number }> = [];
  const html = (r: FakeRepo) => `https://github.com/${r.owner}/${r.repo}`;
  const branch = (r: FakeRepo) => r.defaultBranch ?? 'main';
  const commitJson = (r: FakeRepo, c: FakeCommit) => ({
    sha: c.sha,
    html_url: `${html(r)}/commit/${c.sha}`,
    parents: Array.from({ length: c.parents ?? 1 }, (_, i) => ({ sha: sha(`${c.sha}^${i}`) })),
    commit: { message: c.message, author: { name: c.author ?? 'Ana', email: 'ana@example.com', date: c.date } },
  });

  const routesFor = (r: FakeRepo): FakeRoute[] => {
    const base = `^/repos/${r.owner}/${r.repo}`;
    return [
      { method: 'GET', path: new RegExp(`${base}$`), handle: ({ res, headers }) => sendJson(res, 200, { full_name: `${r.owner}/${r.repo}`, default_branch: branch(r), html_url: html(r), private: false }, headers) },
      {
        method: 'GET',
        path: new RegExp(`${base}/git/trees/([^/]+)$`),
        handle: ({ res, headers, url }) => {
          const paths = Object.keys(r.files).sort();
          const dirs = [...new Set(paths.flatMap((p) => p.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))))];
          const recursive = url.searchParams.has('recursive');
          const tree = [
            ...dirs.filter((d) => recursive || !d.includes('/')).map((d) => ({ path: d, mode: '040000', type: 'tree', sha: sha(d) })),
            ...paths.filter((p) => recursive || !p.includes('/')).map((p) => ({ path: p, mode: '100644', type: 'blob', sha: sha(p), size: Buffer.byteLength(r.files[p]!) })),
          ];
          return sendJson(res, 200, { sha: sha(`${r.repo}-tree`), truncated: false, tree }, headers);
        },
      },
      {
        method: 'GET',
        path: new RegExp(`${base}/commits$`),
        handle: ({ res, headers, url }) => {
          const since = url.searchParams.get('since');
          const perPage = Number(url.searchParams.get('per_page') ?? 30);
          commitQueries.push({ repo: `${r.owner}/${r.repo}`, since, perPage });
          const inWindow = r.commits.filter((c) => !since || c.date >= new Date(since).toISOString()).sort((a, b) => b.date.localeCompare(a.date));
          return sendJson(res, 200, inWindow.slice(0, perPage).map((c) => commitJson(r, c)), headers);
        },
      },
      {
        method: 'GET',
        path: new RegExp(`${base}/commits/([0-9a-f]{7,40})$`),
        handle: ({ res, headers, match }) => {
          const c = r.commits.find((x) => x.sha.startsWith(match[1]!));
          if (!c) return sendJson(res, 404, { message: 'No commit found for SHA' }, headers);
          const files = c.files.map((f) => ({ filename: f.filename, status: f.status ?? 'modified', additions: 1, deletions: 1, changes: 2 }));
          return sendJson(res, 200, { ...commitJson(r, c), files }, headers);
        },
      },
      {
        method: 'GET',
        path: new RegExp(`${base}/contents/(.+)$`),
        handle: ({ req, res, headers, match, url }) => {
          const path = decodeURIComponent(match[1]!);
          const text = r.files[path];
          const ref = url.searchParams.get('ref');
          if (text === undefined || (ref !== null && ref !== branch(r))) return sendJson(res, 404, { message: 'Not Found' }, headers);
          if (String(req.headers.accept ?? '').includes('raw')) {
            res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', ...headers });
            res.end(text);
            return;
          }
          return sendJson(res, 200, { type: 'file', path, encoding: 'base64', content: Buffer.from(text).toString('base64'), size: Buffer.byteLength(text), html_url: `${html(r)}/blob/${branch(r)}/${path}` }, headers);
        },
      },
    ];
  };

  return {
    commitQueries,
    addRepo: (r: FakeRepo) => {
      repos.set(`${r.owner}/${r.repo}`, r);
      gh.route(...routesFor(r));
      return r;
    },
  };
}
