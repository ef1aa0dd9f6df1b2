import { sendJson } from './http-server';
import type { FakeRoute, startFakeGitHub } from './fake-github';

/**
 * The fake GitHub's repository endpoints a dependency review reads, added to the fake with
 * `gh.route(...)`: the repository, its recursive git tree, file contents (base64, as GitHub
 * sends them), open Dependabot alerts and open pull requests, with GitHub's refusals.
 */
export interface FakeAlert {
  number: number;
  ecosystem: string;
  name: string;
  manifest: string;
  ghsa: string;
  cve?: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  summary: string;
  vulnerable: string;
  patched: string | null;
}

export interface FakeRepoPull {
  number: number;
  title: string;
  author: string;
  branch: string;
}

export interface FakeRepo {
  owner: string;
  repo: string;
  defaultBranch?: string;
  files: Record<string, string>;
  /** Files the tree lists with this size but whose contents GitHub would not send inline (over 1 MB). */
  bigFiles?: Record<string, number>;
  alerts?: FakeAlert[];
  /** The token lacks Dependabot alerts: read (a 403 naming the permission), or the repository has alerts switched off. */
  alertsRefused?: 'permission' | 'disabled';
  pulls?: FakeRepoPull[];
  treeTruncated?: boolean;
}

type FakeGitHub = Awaited<ReturnType<typeof startFakeGitHub>>;

export function fakeRepositories(gh: FakeGitHub) {
  const repos = new Map<string, FakeRepo>();
  const find = (owner: string, repo: string) => repos.get(`${owner}/${repo}`.toLowerCase());
  const notFound = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' };
  const html = (r: FakeRepo) => `https://github.com/${r.owner}/${r.repo}`;
  const route = (path: RegExp, handle: (r: FakeRepo, ctx: Parameters<FakeRoute['handle']>[0]) => void): FakeRoute => ({
    method: 'GET',
    path,
    handle: (ctx) => {
      const r = find(ctx.match[1]!, ctx.match[2]!);
      if (!r) return sendJson(ctx.res, 404, notFound, ctx.headers);
      handle(r, ctx);
    },
  });

  gh.route(
    route(/^\/repos\/([^/]+)\/([^/]+)$/, (r, { res, headers }) =>
      sendJson(res, 200, { full_name: `${r.owner}/${r.repo}`, name: r.repo, default_branch: r.defaultBranch ?? 'main', html_url: html(r), private: false }, headers),
    ),
    route(/^\/repos\/([^/]+)\/([^/]+)\/git\/trees\/([^/]+)$/, (r, { res, headers, match, url }) => {
      if (decodeURIComponent(match[3]!) !== (r.defaultBranch ?? 'main')) return sendJson(res, 404, notFound, headers);
      const paths = [...Object.keys(r.files), ...Object.keys(r.bigFiles ?? {})];
      const tree = [
        ...new Set(paths.flatMap((p) => p.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/')))),
      ].map((path) => ({ path, mode: '040000', type: 'tree', sha: 't'.repeat(40) }));
      // Without recursive=1 GitHub lists the top level only: a reader that forgets it misses nested manifests.
      const blobs = paths.map((path) => ({ path, mode: '100644', type: 'blob', sha: 'f'.repeat(40), size: r.bigFiles?.[path] ?? Buffer.byteLength(r.files[path]!) }));
      const all = [...tree, ...blobs].filter((e) => url.searchParams.get('recursive') || !e.path.includes('/'));
      sendJson(res, 200, { sha: 'c'.repeat(40), url: '', tree: all, truncated: !!r.treeTruncated }, headers);
    }),
    route(/^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/, (r, { res, headers, match }) => {
      const path = decodeURIComponent(match[3]!);
      const size = r.bigFiles?.[path];
      if (size) return sendJson(res, 200, { type: 'file', path, size, encoding: 'none', content: '' }, headers);
      const text = r.files[path];
      if (text === undefined) return sendJson(res, 404, notFound, headers);
      // GitHub wraps base64 at 60 characters.
      const content = Buffer.from(text).toString('base64').replace(/.{60}/g, '$&\n');
      sendJson(res, 200, { type: 'file', path, name: path.split('/').at(-1), size: Buffer.byteLength(text), encoding: 'base64', content, html_url: `${html(r)}/blob/main/${path}` }, headers);
    }),
    route(/^\/repos\/([^/]+)\/([^/]+)\/dependabot\/alerts$/, (r, { res, headers, url }) => {
      if (r.alertsRefused === 'permission') return sendJson(res, 403, { message: 'Resource not accessible by personal access token', status: '403' }, { ...headers, 'x-accepted-github-permissions': 'vulnerability_alerts=read' });
      if (r.alertsRefused === 'disabled') return sendJson(res, 403, { message: 'Dependabot alerts are disabled for this repository.' }, headers);
      const state = url.searchParams.get('state');
      sendJson(res, 200, (r.alerts ?? []).filter(() => !state || state === 'open').map((a) => alertJson(r, a)), headers);
    }),
    route(/^\/repos\/([^/]+)\/([^/]+)\/pulls$/, (r, { res, headers }) =>
      sendJson(
        res,
        200,
        (r.pulls ?? []).map((p) => ({ number: p.number, title: p.title, state: 'open', html_url: `${html(r)}/pull/${p.number}`, user: { login: p.author, type: p.author.endsWith('[bot]') ? 'Bot' : 'User' }, head: { ref: p.branch, sha: 'a'.repeat(40) }, base: { ref: 'main' } })),
        headers,
      ),
    ),
  );
  return { addRepo: (r: FakeRepo) => repos.set(`${r.owner}/${r.repo}`.toLowerCase(), r) };
}

function alertJson(r: FakeRepo, a: FakeAlert) {
  return {
    number: a.number,
    state: 'open',
    html_url: `https://github.com/${r.owner}/${r.repo}/security/dependabot/${a.number}`,
    dependency: { package: { ecosystem: a.ecosystem, name: a.name }, manifest_path: a.manifest, scope: 'runtime' },
    security_advisory: { ghsa_id: a.ghsa, cve_id: a.cve ?? null, summary: a.summary, severity: a.severity, description: 'Long text.' },
    security_vulnerability: { package: { ecosystem: a.ecosystem, name: a.name }, severity: a.severity, vulnerable_version_range: a.vulnerable, first_patched_version: a.patched ? { identifier: a.patched } : null },
  };
}
