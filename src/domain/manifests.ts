/**
 * Dependency manifests and lockfiles, recognised by file name alone (the repository's tree
 * lists names, not contents), and the one way a package is named for citations.
 */
export const ECOSYSTEMS = ['npm', 'pip', 'go', 'cargo', 'maven'] as const;
export type Ecosystem = (typeof ECOSYSTEMS)[number];

export interface ManifestKind {
  ecosystem: Ecosystem;
  /** A manifest says what is wanted; a lockfile what is installed. */
  role: 'manifest' | 'lockfile';
  /** What the file is, for the model and the card: "npm manifest". */
  format: 'package.json' | 'package-lock.json' | 'requirements.txt' | 'pyproject.toml' | 'go.mod' | 'Cargo.toml' | 'Cargo.lock' | 'pom.xml' | 'build.gradle';
}

/** One dependency a file names: as written (`^4.17.20`, `>=2.0`) or as locked (`4.17.21`). */
export interface Dependency {
  ecosystem: Ecosystem;
  name: string;
  /** Empty when the file names no version (`requests` alone in requirements.txt). */
  version: string;
  /** Where in the file: dependencies, devDependencies, require, dev-dependencies, lock, … */
  group: string;
}

// Vendored and installed copies are someone else's manifests, not this repository's.
const IGNORED_DIRS = /(^|\/)(node_modules|vendor|\.git|target|dist|build|\.venv|venv|site-packages|third_party)\//;

/** What kind of dependency file a path names, or null for any other file. */
export function manifestKind(path: string): ManifestKind | null {
  if (IGNORED_DIRS.test(path)) return null;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'package.json') return { ecosystem: 'npm', role: 'manifest', format: 'package.json' };
  if (name === 'package-lock.json' || name === 'npm-shrinkwrap.json') return { ecosystem: 'npm', role: 'lockfile', format: 'package-lock.json' };
  if (/^requirements([-_.][\w.-]*)?\.txt$/i.test(name)) return { ecosystem: 'pip', role: 'manifest', format: 'requirements.txt' };
  if (name === 'pyproject.toml') return { ecosystem: 'pip', role: 'manifest', format: 'pyproject.toml' };
  if (name === 'go.mod') return { ecosystem: 'go', role: 'manifest', format: 'go.mod' };
  if (name === 'Cargo.toml') return { ecosystem: 'cargo', role: 'manifest', format: 'Cargo.toml' };
  if (name === 'Cargo.lock') return { ecosystem: 'cargo', role: 'lockfile', format: 'Cargo.lock' };
  if (name === 'pom.xml') return { ecosystem: 'maven', role: 'manifest', format: 'pom.xml' };
  if (name === 'build.gradle' || name === 'build.gradle.kts') return { ecosystem: 'maven', role: 'manifest', format: 'build.gradle' };
  return null;
}

/**
 * Which files to read, when a tree has more than `max`: the shallowest first (the root's
 * manifests decide most), manifests before lockfiles at the same depth, then by path.
 */
export function manifestsToRead<T extends { path: string }>(files: readonly T[], max: number): { read: T[]; skipped: T[] } {
  const depth = (p: string) => p.split('/').length;
  const rank = (p: string) => (manifestKind(p)?.role === 'manifest' ? 0 : 1);
  const sorted = files.filter((f) => manifestKind(f.path)).sort((a, b) => depth(a.path) - depth(b.path) || rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
  return { read: sorted.slice(0, max), skipped: sorted.slice(max) };
}

/**
 * GitHub's names for ecosystems (Dependabot alerts, `dependabot/<dir>/…` branches) in ours.
 * Gradle builds resolve from Maven repositories, so both are `maven`, as Dependabot has it.
 */
export function ecosystemOf(name: string): Ecosystem | null {
  const n = name.toLowerCase();
  if (n === 'npm' || n === 'npm_and_yarn' || n === 'yarn' || n === 'pnpm') return 'npm';
  if (n === 'pip' || n === 'pipenv' || n === 'poetry' || n === 'pypi' || n === 'uv') return 'pip';
  if (n === 'go' || n === 'gomod' || n === 'go_modules') return 'go';
  if (n === 'rust' || n === 'cargo' || n === 'crates.io') return 'cargo';
  if (n === 'maven' || n === 'gradle') return 'maven';
  return null;
}

/**
 * How a package is named for the citation check: `npm:lodash`, `pip:django-rest-framework`.
 * Lowercase, and Python names normalised as PyPI does (PEP 503: runs of - _ . are one -).
 */
export function packageKey(ecosystem: Ecosystem | string, name: string): string {
  const n = name.trim().toLowerCase();
  return `${ecosystem}:${ecosystem === 'pip' ? n.replace(/[-_.]+/g, '-') : n}`;
}
