/**
 * Which files in a repository are its documentation, which are code and what area of the code
 * a path belongs to, and which docs to read first when not all can be. Pure: paths in, answers out.
 */

const DOC_EXT = /\.(md|mdx|markdown|rst|adoc|txt)$/i;
/** Named files that document a project wherever they sit (README in a folder documents that folder). */
const DOC_NAMES = /^(readme|contributing|architecture|usage|install|installation|development|getting[-_]started|faq|guide)(\.[a-z0-9]+)?$/i;
/** Files that look like docs but are not the project's explanation of itself. */
const NOT_DOCS = /^(changelog|changes|history|news|license|licence|copying|notice|authors|code_of_conduct|security|codeowners|pull_request_template|issue_template)(\.[a-z0-9]+)?$/i;
const DOC_DIRS = new Set(['docs', 'doc', 'documentation', 'website', 'guides', 'wiki']);
const SKIPPED_DIRS = new Set(['node_modules', 'vendor', 'third_party', 'dist', 'build', '.git', '.github']);
const TEST_DIRS = new Set(['test', 'tests', '__tests__', 'spec', 'specs', 'e2e', 'fixtures', '__mocks__', 'testdata']);
const CODE_EXT = /\.(ts|tsx|js|jsx|mjs|cjs|py|go|rb|java|kt|kts|rs|cs|php|swift|scala|c|cc|cpp|h|hpp|ex|exs|erl|clj|dart|lua|sql|proto|graphql|vue|svelte|sh)$/i;
const TEST_FILE = /(\.|_)(test|spec)\.[a-z0-9]+$|_test\.go$|^test_.*\.py$/i;
/** Folders that hold code rather than name an area of it: `src/billing/x.ts` is about billing. */
const CONTAINERS = new Set(['src', 'lib', 'app', 'apps', 'pkg', 'packages', 'internal', 'cmd', 'server', 'client', 'source', 'modules', 'services', 'main', 'java', 'kotlin', 'go']);
/** File stems too generic to name an area. */
const GENERIC = new Set(['index', 'main', 'mod', 'lib', 'app', 'utils', 'util', 'helpers', 'types', 'constants', 'config', 'init', '__init__', 'setup', 'server', 'cli']);

const segments = (path: string) => path.split('/').filter(Boolean);
const stem = (name: string) => name.replace(/\.[^.]+$/, '');

export function isDocFile(path: string): boolean {
  const parts = segments(path);
  const name = parts.at(-1) ?? '';
  if (parts.slice(0, -1).some((p) => SKIPPED_DIRS.has(p.toLowerCase()))) return false;
  if (NOT_DOCS.test(name)) return false;
  if (DOC_NAMES.test(name)) return true;
  if (/\.mdx$/i.test(name)) return true;
  // Other text is a doc only at the root (GUIDE.md) or in a docs folder (docs/api/billing.md).
  return DOC_EXT.test(name) && !/\.txt$/i.test(name) && (parts.length === 1 || parts.slice(0, -1).some((p) => DOC_DIRS.has(p.toLowerCase())));
}

export function isCodeFile(path: string): boolean {
  const parts = segments(path).map((p) => p.toLowerCase());
  const name = parts.at(-1) ?? '';
  if (!CODE_EXT.test(name) || TEST_FILE.test(name)) return false;
  return !parts.slice(0, -1).some((p) => SKIPPED_DIRS.has(p) || TEST_DIRS.has(p) || DOC_DIRS.has(p));
}

/** The area a code path belongs to (`src/billing/invoice.ts` → `billing`), or null when it names none. */
export function codeArea(path: string): string | null {
  if (!isCodeFile(path)) return null;
  const parts = segments(path);
  let i = 0;
  while (i < parts.length - 1 && CONTAINERS.has(parts[i]!.toLowerCase())) i++;
  const first = i < parts.length - 1 ? parts[i]! : stem(parts[i]!);
  const area = normalize(first);
  return area && !GENERIC.has(area) ? area : null;
}

/** One spelling for comparison: lowercase, `_` and spaces as `-`. */
export const normalize = (name: string) => name.toLowerCase().replace(/[_\s]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');

/** A doc is named for an area when a folder or its file's stem is that area: docs/billing.md, src/billing/README.md. */
export function docNamesArea(docPath: string, area: string): boolean {
  const parts = segments(docPath);
  return [...parts.slice(0, -1), stem(parts.at(-1) ?? '')].some((p) => normalize(p) === area);
}

/** Whether a doc's text mentions the area as a word (billing, Billing, rate-limit, rate limit, rate_limit). */
export function mentionsArea(text: string, area: string): boolean {
  const word = area.split('-').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[-_\\s]?');
  return new RegExp(`(^|[^a-z0-9])${word}s?([^a-z0-9]|$)`, 'i').test(text);
}

export interface TreeDoc {
  path: string;
  /** Bytes, as the tree says. */
  size: number;
}

export type DocSkip = { path: string; why: 'cap' | 'too_big' };

/**
 * Which docs to read within the caps, most useful first: those named for an area whose code
 * changed, then the root README, other root docs, docs folders (shallow first), the rest.
 */
export function docsToRead(
  docs: readonly TreeDoc[],
  areas: readonly string[],
  caps: { maxFiles: number; maxBytes: number; maxFileBytes: number },
): { read: string[]; skipped: DocSkip[] } {
  const rank = (d: TreeDoc) => {
    const parts = segments(d.path);
    if (areas.some((a) => docNamesArea(d.path, a))) return 0;
    if (parts.length === 1 && /^readme/i.test(parts[0]!)) return 1;
    if (parts.length === 1) return 2;
    if (DOC_DIRS.has(parts[0]!.toLowerCase())) return 3;
    return 4;
  };
  const ordered = [...docs].sort((a, b) => rank(a) - rank(b) || segments(a.path).length - segments(b.path).length || a.path.localeCompare(b.path));
  const read: string[] = [];
  const skipped: DocSkip[] = [];
  let bytes = 0;
  for (const d of ordered) {
    if (d.size > caps.maxFileBytes) skipped.push({ path: d.path, why: 'too_big' });
    else if (read.length >= caps.maxFiles || bytes + d.size > caps.maxBytes) skipped.push({ path: d.path, why: 'cap' });
    else {
      read.push(d.path);
      bytes += d.size;
    }
  }
  return { read, skipped };
}
