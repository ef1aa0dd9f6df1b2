/**
 * The signals a tech-debt run ranks, each from what GitHub returned: files that carry debt
 * markers, the largest files, the paths that change most, and the issues labelled as debt.
 * Pure: the integrations fetch, these count and rank, the model judges.
 */

/** One code search: the term and the files GitHub matched. */
export interface SearchHit {
  term: string;
  paths: readonly string[];
}

export interface Hotspot {
  path: string;
  /** The markers the file carries (code search says which files match, not how often). */
  terms: string[];
}

/** Files by how many different markers they carry, then by path; generated files left out. */
export function markerHotspots(hits: readonly SearchHit[], max: number): Hotspot[] {
  const byPath = new Map<string, string[]>();
  for (const hit of hits) {
    for (const path of hit.paths) {
      if (isGenerated(path)) continue;
      const terms = byPath.get(path) ?? [];
      if (!terms.includes(hit.term)) terms.push(hit.term);
      byPath.set(path, terms);
    }
  }
  return [...byPath]
    .map(([path, terms]) => ({ path, terms }))
    .sort((a, b) => b.terms.length - a.terms.length || a.path.localeCompare(b.path))
    .slice(0, max);
}

/** The directories that hold the most marked files: debt gathers in areas, not only in files. */
export function hotspotAreas(hotspots: readonly Hotspot[], max: number): Array<{ area: string; files: number }> {
  const counts = new Map<string, number>();
  for (const h of hotspots) counts.set(dirOf(h.path), (counts.get(dirOf(h.path)) ?? 0) + 1);
  return [...counts]
    .filter(([, files]) => files > 1)
    .map(([area, files]) => ({ area, files }))
    .sort((a, b) => b.files - a.files || a.area.localeCompare(b.area))
    .slice(0, max);
}

export interface TreeEntry {
  path: string;
  type: string;
  size?: number | undefined;
}

/** The largest files in the tree, generated and vendored ones left out (their size is nobody's debt). */
export function largestFiles(entries: readonly TreeEntry[], max: number): Array<{ path: string; bytes: number }> {
  return entries
    .filter((e) => e.type === 'blob' && typeof e.size === 'number' && !isGenerated(e.path))
    .map((e) => ({ path: e.path, bytes: e.size! }))
    .sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path))
    .slice(0, max);
}

/** A commit and the files it touched. */
export interface CommitFiles {
  sha: string;
  files: readonly string[];
}

/** Paths by the number of commits that touched them, most first; generated files left out. */
export function churn(commits: readonly CommitFiles[], max: number): Array<{ path: string; commits: number }> {
  const counts = new Map<string, number>();
  for (const c of commits) {
    for (const path of new Set(c.files)) if (!isGenerated(path)) counts.set(path, (counts.get(path) ?? 0) + 1);
  }
  return [...counts]
    .map(([path, n]) => ({ path, commits: n }))
    .sort((a, b) => b.commits - a.commits || a.path.localeCompare(b.path))
    .slice(0, max);
}

/**
 * Label names that mean "debt": tech-debt and its spellings, debt, refactor(ing), cleanup,
 * code quality, legacy. Matched after lowercasing and turning spaces, underscores and colons
 * into dashes ("Tech Debt", "type: refactor" count). In the repository's order, at most `max`.
 */
export const DEBT_LABEL_WORDS = ['tech-debt', 'technical-debt', 'techdebt', 'debt', 'refactor', 'refactoring', 'cleanup', 'code-quality', 'legacy'] as const;

export function debtLabels(names: readonly string[], max: number): string[] {
  const words = new Set<string>(DEBT_LABEL_WORDS);
  return names
    .filter((name) => {
      const norm = name.toLowerCase().trim().replace(/[\s_:/]+/g, '-').replace(/-+/g, '-');
      return words.has(norm) || norm.split('-').some((w) => w === 'debt') || [...words].some((w) => norm.endsWith(`-${w}`));
    })
    .slice(0, max);
}

export interface Candidate {
  path: string;
  markers: string[];
  bytes: number | null;
  commits: number;
  /** How many of the three code signals (markers, size, churn) point at it. */
  signals: number;
}

/**
 * Paths worth a look, the ones several signals point at first: a large file that changes
 * often and carries FIXMEs is likelier debt than a large file nobody touches. The model makes
 * the final ranking; this only puts the evidence for each path side by side.
 */
export function debtCandidates(s: { hotspots: readonly Hotspot[]; largest: ReadonlyArray<{ path: string; bytes: number }>; churn: ReadonlyArray<{ path: string; commits: number }> }, max: number): Candidate[] {
  const all = new Map<string, Candidate>();
  const get = (path: string) => all.get(path) ?? all.set(path, { path, markers: [], bytes: null, commits: 0, signals: 0 }).get(path)!;
  for (const h of s.hotspots) Object.assign(get(h.path), { markers: [...h.terms] });
  for (const l of s.largest) get(l.path).bytes = l.bytes;
  for (const c of s.churn) get(c.path).commits = c.commits;
  for (const c of all.values()) c.signals = Number(c.markers.length > 0) + Number(c.bytes !== null) + Number(c.commits > 0);
  return [...all.values()]
    .sort((a, b) => b.signals - a.signals || b.markers.length - a.markers.length || b.commits - a.commits || (b.bytes ?? 0) - (a.bytes ?? 0) || a.path.localeCompare(b.path))
    .slice(0, max);
}

const LOCKFILES = new Set(['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'npm-shrinkwrap.json', 'cargo.lock', 'go.sum', 'poetry.lock', 'pipfile.lock', 'gemfile.lock', 'composer.lock', 'bun.lockb', 'uv.lock']);
const GENERATED_DIRS = /(^|\/)(node_modules|vendor|third_party|dist|build|out|coverage|__snapshots__|\.git|\.yarn|\.next)\//i;
const GENERATED_FILES = /\.(min\.js|min\.css|map|snap|lock|png|jpe?g|gif|ico|webp|svg|pdf|woff2?|ttf|eot|otf|zip|gz|tgz|jar|bin|wasm|mp4|mp3)$/i;

/** Lockfiles, vendored and built directories, minified, binary and snapshot files. */
export function isGenerated(path: string): boolean {
  const name = path.split('/').pop()!.toLowerCase();
  return LOCKFILES.has(name) || GENERATED_DIRS.test(path) || GENERATED_FILES.test(name);
}

/** "src/a/b.ts" → "src/a"; a file at the root → ".". */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
}
