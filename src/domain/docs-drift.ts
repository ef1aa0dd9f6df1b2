/**
 * Docs drift: which areas of the code changed in a window of commits while the docs that
 * cover them did not. Pure: the commits read and the docs present in, areas out. The model is
 * handed the result as a lead, and writes the drafts.
 */
import { codeArea, docNamesArea, isDocFile, mentionsArea } from './docs-files';
import { readWindow, type ReadWindow } from './read-window';

/** A docs agent runs weekly: its first run looks back a week, not the day a channel digest does. */
export const FIRST_RUN_DAYS = 7;

/** As `readWindow` (asked, else since the last run), but a first run reads the last week. */
export function docsWindow(text: string, now: Date, timeZone: string, lastRead: Date | null): ReadWindow {
  const window = readWindow(text, now, timeZone, lastRead);
  return window.why === 'default' ? { since: new Date(now.getTime() - FIRST_RUN_DAYS * 86_400_000), why: 'default' } : window;
}

export interface ListedCommit {
  sha: string;
  parents: number;
}

/** The commits worth opening, newest first: merges only repeat their parents' changes. */
export function commitsToOpen<T extends ListedCommit>(listed: readonly T[], max: number): { open: T[]; notOpened: T[] } {
  const own = listed.filter((c) => c.parents <= 1);
  return { open: own.slice(0, max), notOpened: own.slice(max) };
}

export interface ChangedCommit {
  sha: string;
  message: string;
  files: ReadonlyArray<{ path: string; status: string }>;
}

export interface DocPresent {
  path: string;
  /** Its text when it was read; null when it exists but was not read (past a cap, refused). */
  text: string | null;
}

export type AreaDrift =
  | { area: string; status: 'missing'; commits: AreaCommit[] }
  | { area: string; status: 'outdated'; commits: AreaCommit[]; docs: string[] }
  | { area: string; status: 'updated'; commits: AreaCommit[]; docs: string[] };

export interface AreaCommit {
  sha: string;
  paths: string[];
}

const MAX_DOCS_PER_AREA = 5;

/**
 * For each area whose code changed: `updated` when a doc covering it (named for it, mentioning
 * it, or changed in the same commit) changed in the window; else `outdated` when docs cover it
 * (named for it first); else `missing`. Areas come in the order of the most changes first.
 */
export function docsDrift(commits: readonly ChangedCommit[], docs: readonly DocPresent[]): AreaDrift[] {
  const byArea = new Map<string, Map<string, string[]>>();
  const docsChanged = new Set<string>();
  const docsWithCode = new Map<string, Set<string>>(); // area → docs changed in a commit that changed it
  for (const c of commits) {
    const changedDocs = c.files.filter((f) => isDocFile(f.path)).map((f) => f.path);
    changedDocs.forEach((d) => docsChanged.add(d));
    for (const f of c.files) {
      const area = codeArea(f.path);
      if (!area) continue;
      const perCommit = byArea.get(area) ?? new Map<string, string[]>();
      perCommit.set(c.sha, [...(perCommit.get(c.sha) ?? []), f.path]);
      byArea.set(area, perCommit);
      const along = docsWithCode.get(area) ?? new Set<string>();
      changedDocs.forEach((d) => along.add(d));
      docsWithCode.set(area, along);
    }
  }
  const out: AreaDrift[] = [];
  for (const [area, perCommit] of byArea) {
    const commitsOf = [...perCommit].map(([sha, paths]) => ({ sha, paths }));
    const named = docs.filter((d) => docNamesArea(d.path, area)).map((d) => d.path);
    const mentioned = docs.filter((d) => d.text !== null && !named.includes(d.path) && mentionsArea(d.text, area)).map((d) => d.path);
    const covering = [...named, ...mentioned];
    const updated = [...new Set([...covering.filter((d) => docsChanged.has(d)), ...(docsWithCode.get(area) ?? [])])];
    if (updated.length) out.push({ area, status: 'updated', commits: commitsOf, docs: updated.slice(0, MAX_DOCS_PER_AREA) });
    else if (covering.length) out.push({ area, status: 'outdated', commits: commitsOf, docs: covering.slice(0, MAX_DOCS_PER_AREA) });
    else out.push({ area, status: 'missing', commits: commitsOf });
  }
  const weight = (a: AreaDrift) => a.commits.reduce((n, c) => n + c.paths.length, 0);
  return out.sort((a, b) => weight(b) - weight(a) || a.area.localeCompare(b.area));
}

/** The areas whose code changed in these commits (to read their docs first). */
export function changedAreas(commits: readonly ChangedCommit[]): string[] {
  return [...new Set(commits.flatMap((c) => c.files.map((f) => codeArea(f.path)).filter((a): a is string => a !== null)))];
}
