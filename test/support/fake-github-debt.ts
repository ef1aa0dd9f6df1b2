import { createHash } from 'node:crypto';
import { sendJson } from './http-server';
import type { FakeRoute } from './fake-github';

/** A repository as the tech-debt reads see it. */
export interface FakeRepo {
  owner: string;
  repo: string;
  defaultBranch?: string;
  /** Blobs in the tree; `words` are the code-search terms each file contains. */
  files: Array<{ path: string; size: number; words?: string[] }>;
  /** Newest first or not: the fake orders them by date, as GitHub does. */
  commits?: Array<{ sha: string; daysAgo: number; files: string[]; merge?: boolean }>;
  labels?: string[];
  issues?: Array<{ number: number; title: string; labels: string[]; pullRequest?: boolean; state?: 'open' | 'closed' }>;
  /** Searches for these terms answer `incomplete_results: true` (GitHub timed out on its side). */
  incomplete?: string[];
  /** Searches for these terms are refused with this status (422: validation failed; 403: forbidden). */
  refuseSearch?: Record<string, 403 | 422>;
  treeTruncated?: boolean;
}

type Fake = { route(...r: FakeRoute[]): void };

/**
 * GitHub's endpoints behind the tech-debt reads: the repository, code search (with
 * `incomplete_results` and refusals), the recursive tree with sizes, commits `since` a date
 * (paged with a Link header) and each commit's files, labels, and issues under one label
 * (GitHub's `labels` filter). A request for issues without `labels` is left to the next route
 * (the hands' issue listing): register this before `addHands`.
 */
export function addDebt(gh: Fake) {
  const repos = new Map<string, FakeRepo>();
  const searches: string[] = [];
  const find = (o: string, r: string) => repos.get(`${o}/${r}`.toLowerCase());
  const sha = (s: string) => createHash('sha1').update(s).digest('hex');

  gh.route(
    {
      method: 'GET',
      path: /^\/repos\/([^/]+)\/([^/]+)$/,
      handle: ({ match, res, headers }) => {
        const repo = find(match[1]!, match[2]!);
        if (!repo) return sendJson(res, 404, { message: 'Not Found' }, headers);
        return sendJson(res, 200, { full_name: `${repo.owner}/${repo.repo}`, html_url: `https://github.com/${repo.owner}/${repo.repo}`, default_branch: repo.defaultBranch ?? 'main', private: false }, headers);
      },
    },
    {
      method: 'GET',
      path: /^\/search\/code$/,
      handle: ({ url, res, headers }) => {
        const q = url.searchParams.get('q') ?? '';
        searches.push(q);
        const m = /^(?:"([^"]+)"|(\S+)) repo:([^/\s]+)\/(\S+)$/.exec(q);
        const repo = m ? find(m[3]!, m[4]!) : undefined;
        if (!m || !repo) return sendJson(res, 422, { message: 'Validation Failed', errors: [{ message: 'The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.' }] }, headers);
        const term = (m[1] ?? m[2])!;
        const refused = repo.refuseSearch?.[term];
        if (refused === 422) return sendJson(res, 422, { message: 'Validation Failed', errors: [{ message: 'Search timed out' }] }, headers);
        if (refused === 403) return sendJson(res, 403, { message: 'Resource not accessible by personal access token' }, { ...headers, 'x-accepted-github-permissions': 'contents=read' });
        const items = repo.files
          .filter((f) => f.words?.some((w) => w.toLowerCase() === term.toLowerCase()))
          .map((f) => ({ name: f.path.split('/').pop(), path: f.path, sha: sha('f'), html_url: `https://github.com/${repo.owner}/${repo.repo}/blob/main/${f.path}`, repository: { full_name: `${repo.owner}/${repo.repo}` }, score: 1 }));
        return sendJson(res, 200, { total_count: items.length, incomplete_results: !!repo.incomplete?.includes(term), items: items.slice(0, Number(url.searchParams.get('per_page') ?? 30)) }, headers);
      },
    },
    {
      method: 'GET',
      path: /^\/repos\/([^/]+)\/([^/]+)\/git\/trees\/([^/]+)$/,
      handle: ({ match, url, res, headers }) => {
        const repo = find(match[1]!, match[2]!);
        if (!repo || decodeURIComponent(match[3]!) !== (repo.defaultBranch ?? 'main')) return sendJson(res, 404, { message: 'Not Found' }, headers);
        const dirs = new Set(repo.files.flatMap((f) => f.path.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
        const recursive = url.searchParams.get('recursive') !== null;
        const blobs = repo.files.filter((f) => recursive || !f.path.includes('/')).map((f) => ({ path: f.path, mode: '100644', type: 'blob', sha: sha('b'), size: f.size }));
        const trees = [...dirs].filter((d) => recursive || !d.includes('/')).map((d) => ({ path: d, mode: '040000', type: 'tree', sha: sha('t') }));
        return sendJson(res, 200, { sha: sha('t'), truncated: !!repo.treeTruncated, tree: [...trees, ...blobs] }, headers);
      },
    },
    {
      method: 'GET',
      path: /^\/repos\/([^/]+)\/([^/]+)\/commits$/,
      handle: ({ match, url, res, headers, origin }) => {
        const repo = find(match[1]!, match[2]!);
        if (!repo) return sendJson(res, 404, { message: 'Not Found' }, headers);
        const since = url.searchParams.get('since');
        const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
        const all = [...(repo.commits ?? [])].sort((a, b) => a.daysAgo - b.daysAgo).filter((c) => !since || at(c.daysAgo) >= since);
        const per = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        const link: Record<string, string> = all.length > page * per ? { link: `<${origin}/repos/${repo.owner}/${repo.repo}/commits?per_page=${per}&page=${page + 1}>; rel="next"` } : {};
        const list = all.slice((page - 1) * per, page * per).map((c) => ({ sha: sha(c.sha), commit: { message: `change ${c.sha}`, author: { date: at(c.daysAgo) } }, parents: c.merge ? [{ sha: sha('p1') }, { sha: sha('p2') }] : [{ sha: sha('p1') }] }));
        return sendJson(res, 200, list, { ...headers, ...link });
      },
    },
    {
      method: 'GET',
      path: /^\/repos\/([^/]+)\/([^/]+)\/commits\/([0-9a-f]{40})$/,
      handle: ({ match, res, headers }) => {
        const commit = find(match[1]!, match[2]!)?.commits?.find((c) => sha(c.sha) === match[3]);
        if (!commit) return sendJson(res, 404, { message: 'Not Found' }, headers);
        return sendJson(res, 200, { sha: sha(commit.sha), files: commit.files.map((filename) => ({ filename, status: 'modified', additions: 1, deletions: 1 })) }, headers);
      },
    },
    {
      method: 'GET',
      path: /^\/repos\/([^/]+)\/([^/]+)\/labels$/,
      handle: ({ match, res, headers }) => {
        const repo = find(match[1]!, match[2]!);
        if (!repo) return sendJson(res, 404, { message: 'Not Found' }, headers);
        return sendJson(res, 200, (repo.labels ?? []).map((name, i) => ({ id: i + 1, name, color: 'ededed' })), headers);
      },
    },
    {
      method: 'GET',
      path: /^\/repos\/([^/]+)\/([^/]+)\/issues$/,
      handle: ({ match, url, res, headers }) => {
        const repo = find(match[1]!, match[2]!);
        const labels = url.searchParams.get('labels');
        if (!repo || labels === null) return false;
        const wanted = labels.split(',').map((l) => l.trim().toLowerCase());
        const state = url.searchParams.get('state') ?? 'open';
        const issues = (repo.issues ?? []).filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)) && (state === 'all' || (i.state ?? 'open') === state));
        return sendJson(
          res,
          200,
          issues.map((i) => ({
            number: i.number,
            title: i.title,
            html_url: `https://github.com/${repo.owner}/${repo.repo}/${i.pullRequest ? 'pull' : 'issues'}/${i.number}`,
            state: i.state ?? 'open',
            created_at: '2026-01-15T10:00:00Z',
            comments: 2,
            labels: i.labels.map((name) => ({ name })),
            ...(i.pullRequest ? { pull_request: { url: 'x' } } : {}),
          })),
          headers,
        );
      },
    },
  );
  return {
    addRepo: (r: FakeRepo) => repos.set(`${r.owner}/${r.repo}`.toLowerCase(), r),
    /** Every code search's `q`, in the order GitHub received them. */
    searches,
  };
}
