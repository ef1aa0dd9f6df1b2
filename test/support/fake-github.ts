import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, sendJson } from './http-server';

/**
 * A route other test modules add to the fake (repositories, contents, issues, …), tried
 * before the pull-request routes. `match` is the path's regex groups; `headers` carries the
 * fake's rate-limit headers, to send with every answer. A handler that returns `false` has not
 * answered: the next route (or the pull-request routes) gets the request.
 */
export interface FakeRoute {
  method: string;
  path: RegExp;
  handle(ctx: { req: IncomingMessage; url: URL; body: string; res: ServerResponse; match: RegExpExecArray; headers: Record<string, string>; origin: string }): void | false | Promise<void | false>;
}

export interface FakePull {
  owner: string;
  repo: string;
  number: number;
  title: string;
  body?: string;
  author?: string;
  diff: string;
  /** GitHub refuses the whole diff as too large (406): per-file patches only. */
  tooLarge?: boolean;
  files?: Array<{ filename: string; patch?: string; additions?: number; deletions?: number }>;
  checks?: Array<{ name: string; status: string; conclusion: string | null }>;
  /** Files at the PR's head, served by the contents API. */
  contents?: Record<string, string>;
  reviews?: Array<{ id?: number; user: string; state: string; body?: string; html_url?: string }>;
}

export interface GitHubCall {
  method: string;
  path: string;
  accept: string;
  auth: string;
}

/** A loopback fake of the GitHub REST API for the PR reads, with GitHub's errors and limits. */
export async function startFakeGitHub() {
  const calls: GitHubCall[] = [];
  const pulls = new Map<string, FakePull>();
  /** Paths (prefix) answered 403 with the permission the token lacks. */
  const forbidden = new Map<string, { permission: string; method?: string }>();
  let secondaryLimits = 0;
  let primaryLimits = 0;
  const routes: FakeRoute[] = [];
  const server = await listen(async (req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const accept = String(req.headers.accept ?? '');
    calls.push({ method: req.method ?? 'GET', path: url.pathname, accept, auth: String(req.headers.authorization ?? '') });
    const limits = { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) };
    if (!String(req.headers.authorization ?? '').startsWith('token ') && !String(req.headers.authorization ?? '').startsWith('Bearer ')) return sendJson(res, 401, { message: 'Requires authentication' });
    if (primaryLimits > 0) {
      // The hourly quota is spent: 403 with remaining 0 and when it resets (a second from now).
      primaryLimits--;
      return sendJson(res, 403, { message: 'API rate limit exceeded for user ID 1.' }, { ...limits, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) });
    }
    if (secondaryLimits > 0) {
      secondaryLimits--;
      return sendJson(res, 403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { 'retry-after': '1', ...limits });
    }
    for (const [prefix, { permission, method }] of forbidden) {
      if (url.pathname.startsWith(prefix) && (!method || method === req.method)) return sendJson(res, 403, { message: 'Resource not accessible by personal access token' }, { 'x-accepted-github-permissions': permission, ...limits });
    }
    for (const route of routes) {
      const match = route.method === (req.method ?? 'GET') ? route.path.exec(url.pathname) : null;
      if (match && (await route.handle({ req, url, body, res, match, headers: limits, origin })) !== false) return;
    }
    const file = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(url.pathname);
    if (file) {
      const [, o, r, path] = file;
      const at = [...pulls.values()].find((p) => p.owner === o && p.repo === r && headSha(p) === url.searchParams.get('ref') && p.contents?.[decodeURIComponent(path!)] !== undefined);
      const text = at?.contents?.[decodeURIComponent(path!)];
      if (text === undefined) return sendJson(res, 404, { message: 'Not Found' }, limits);
      if (accept.includes('raw')) {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', ...limits });
        res.end(text);
        return;
      }
      return sendJson(res, 200, { type: 'file', path, encoding: 'base64', content: Buffer.from(text).toString('base64'), size: Buffer.byteLength(text) }, limits);
    }
    const m = /^\/repos\/([^/]+)\/([^/]+)\/(pulls\/(\d+)(\/files|\/reviews)?|commits\/([0-9a-f]+)\/check-runs)$/.exec(url.pathname);
    if (!m) return sendJson(res, 404, { message: 'Not Found' }, limits);
    const [, owner, repo, , num, sub, sha] = m;
    const pull = sha ? [...pulls.values()].find((p) => p.owner === owner && p.repo === repo && headSha(p) === sha) : pulls.get(`${owner}/${repo}#${num}`);
    if (!pull) return sendJson(res, 404, { message: 'Not Found' }, limits);
    if (sha) return sendJson(res, 200, { total_count: pull.checks?.length ?? 0, check_runs: (pull.checks ?? []).map((c, i) => ({ id: i + 1, ...c })) }, limits);
    if (sub === '/reviews') return sendJson(res, 200, (pull.reviews ?? []).map((r, i) => ({ id: r.id ?? i + 1, user: { login: r.user }, state: r.state, body: r.body ?? '', html_url: r.html_url ?? `${pullUrl(pull)}#pullrequestreview-${r.id ?? i + 1}` })), limits);
    if (sub === '/files') {
      const files = (pull.files ?? filesOf(pull.diff)).map((f) => ({ filename: f.filename, status: 'modified', additions: f.additions ?? 1, deletions: f.deletions ?? 0, changes: 1, ...(f.patch ? { patch: f.patch } : {}) }));
      const page = Number(url.searchParams.get('page') ?? 1);
      const per = Number(url.searchParams.get('per_page') ?? 30);
      const slice = files.slice((page - 1) * per, page * per);
      const last = Math.ceil(files.length / per);
      const link: Record<string, string> = page < last ? { link: `<${origin}/repos/${owner}/${repo}/pulls/${num}/files?per_page=${per}&page=${page + 1}>; rel="next"` } : {};
      return sendJson(res, 200, slice, { ...limits, ...link });
    }
    if (accept.includes('diff')) {
      if (pull.tooLarge) return sendJson(res, 406, { message: 'Sorry, the diff exceeded the maximum number of files (300).', errors: [{ resource: 'PullRequest', field: 'diff', code: 'too_large' }] }, limits);
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', ...limits });
      res.end(pull.diff);
      return;
    }
    return sendJson(res, 200, {
      number: pull.number,
      title: pull.title,
      body: pull.body ?? '',
      user: { login: pull.author ?? 'octocat' },
      state: 'open',
      draft: false,
      merged: false,
      html_url: pullUrl(pull),
      base: { ref: 'main', sha: 'b'.repeat(40) },
      head: { ref: 'feature', sha: headSha(pull) },
      changed_files: pull.files?.length ?? (pull.diff.match(/^diff --git/gm)?.length ?? 0),
      additions: 3,
      deletions: 1,
    }, limits);
  });
  const origin = server.origin;
  return {
    apiUrl: origin,
    calls,
    addPull: (p: FakePull) => pulls.set(`${p.owner}/${p.repo}#${p.number}`, p),
    pull: (owner: string, repo: string, n: number) => pulls.get(`${owner}/${repo}#${n}`),
    /** Answers 403 naming `permission` under `pathPrefix` (for one method only, when given: a read-only token). */
    forbid: (pathPrefix: string, permission: string, method?: string) => forbidden.set(pathPrefix, { permission, method }),
    allow: () => forbidden.clear(),
    secondaryLimitNext: (n = 1) => (secondaryLimits = n),
    primaryLimitNext: (n = 1) => (primaryLimits = n),
    /** Adds endpoints (see FakeRoute); later routes are tried after earlier ones. */
    route: (...r: FakeRoute[]) => routes.push(...r),
    close: server.close,
  };
}

const pullUrl = (p: FakePull) => `https://github.com/${p.owner}/${p.repo}/pull/${p.number}`;
export const headSha = (p: FakePull) => String(p.number).padStart(40, 'a');

/** The per-file patches GitHub derives from a diff (what `files` serves when a test gives only the diff). */
export function filesOf(diff: string): Array<{ filename: string; patch?: string; additions?: number; deletions?: number }> {
  return diff
    .split(/^(?=diff --git )/m)
    .filter((part) => part.startsWith('diff --git '))
    .map((part) => {
      const filename = /^\+\+\+ b\/(.+)$/m.exec(part)?.[1] ?? /^diff --git a\/.+? b\/(.+)$/m.exec(part)?.[1] ?? 'unknown';
      const at = part.indexOf('\n@@');
      return at >= 0 ? { filename, patch: part.slice(at + 1).replace(/\n$/, '') } : { filename };
    });
}

/** New-side lines a patch shows (added and context), written apart from src/domain/diff.ts on purpose: the fake checks our code, not itself. */
export function linesShown(patch: string): Set<number> {
  const shown = new Set<number>();
  let n = 0;
  for (const line of patch.split('\n')) {
    const hunk = /^@@ -\S+ \+(\d+)/.exec(line);
    if (hunk) n = Number(hunk[1]);
    else if (line.startsWith('+') || line.startsWith(' ')) shown.add(n++);
  }
  return shown;
}

/** A small PR diff the tests share: src/pay.ts, new lines 10 to 13, line 11 added. */
export const PAY_DIFF = `diff --git a/src/pay.ts b/src/pay.ts
index 1111111..2222222 100644
--- a/src/pay.ts
+++ b/src/pay.ts
@@ -10,4 +10,5 @@ export function pay() {
   const a = 1;
-  const b = 2;
+  while (!ok()) retry();
+  const c = 4;
   return a + b;
`;
