import type { AreaDrift } from '../../domain/docs-drift';
import type { ReadWindow } from '../../domain/read-window';
import type { CommitRead, ListedCommit, TreeRead } from '../../integrations/github/docs';

/** A doc not read: past the caps, too big, or refused (the evidence says why). */
export type DocNotRead = { path: string; why: 'cap' | 'too_big' | 'refused' };

export interface DocRead {
  path: string;
  text: string;
}

/** What the model is given of one doc, and of the tree's list of docs. */
const DOC_CHARS = 12_000;
const DOCS_LISTED = 200;
const FILES_PER_COMMIT = 40;
const BODY_CHARS = 600;

const WHY: Record<ReadWindow['why'], string> = { asked: 'as the request asked', since_last_run: 'since the last run', default: 'the last 7 days: no earlier run' };

/**
 * Text for the model (not a person): the repository, the window, each commit opened and its
 * files, the comparison of changed code against unchanged docs, and the docs read. Every sha
 * is given as the 7 characters the artifact should cite.
 */
export function docsTranscript(r: {
  name: string;
  branch: string;
  tree: TreeRead;
  docFiles: string[];
  window: ReadWindow;
  listed: { commits: ListedCommit[]; more: boolean };
  opened: CommitRead[];
  notOpened: ListedCommit[];
  drift: AreaDrift[];
  docs: DocRead[];
  notRead: DocNotRead[];
}): string {
  const short = (sha: string) => sha.slice(0, 7);
  const commits = r.opened.map((c) => {
    const files = c.files.slice(0, FILES_PER_COMMIT).map((f) => `  ${f.status} ${f.path}`);
    const more = c.files.length > FILES_PER_COMMIT ? [`  …and ${c.files.length - FILES_PER_COMMIT} more files`] : [];
    const meta = r.listed.commits.find((l) => l.sha === c.sha);
    const [subject, ...rest] = c.message.split('\n');
    // The message's body often says what a change means for users: worth reading, capped.
    const body = rest.join('\n').trim().slice(0, BODY_CHARS);
    const head = `- ${short(c.sha)}${meta ? ` ${meta.date.slice(0, 10)} by ${meta.author}` : ''}: ${subject!.slice(0, 200)}`;
    return [head, ...(body ? [body.replace(/^/gm, '    ')] : []), ...files, ...more].join('\n');
  });
  const notOpened = r.notOpened.length
    ? `\nListed but not opened (past the cap of commits opened; their files are unknown, do not cite them): ${r.notOpened.map((c) => `${short(c.sha)} ${c.message.split('\n')[0]!.slice(0, 80)}`).join('; ')}`
    : '';
  const docsList = r.docFiles.slice(0, DOCS_LISTED).join(', ') + (r.docFiles.length > DOCS_LISTED ? `, …and ${r.docFiles.length - DOCS_LISTED} more` : '');
  const notRead = r.notRead.length ? `\nDocs not read: ${r.notRead.map((s) => `${s.path} (${s.why === 'too_big' ? 'too big' : s.why === 'refused' ? 'refused' : 'past the cap'})`).join(', ')}` : '';
  return [
    `${r.name} (default branch ${r.branch}; ${r.tree.files.length} files${r.tree.truncated ? ', the tree was cut short at the cap' : ''}).`,
    `Commits since ${r.window.since.toISOString()} (${WHY[r.window.why]}): ${r.listed.commits.length}${r.listed.more ? ' or more' : ''} listed, ${r.opened.length} opened.${notOpened}`,
    commits.join('\n') || '(no commits in the window)',
    `Documentation files in the tree (${r.docFiles.length}): ${docsList || 'none'}`,
    `Code areas changed in the window, against their docs (a lead to check, not a verdict):\n${r.drift.map(driftLine).join('\n') || '(no code changed)'}`,
    `Docs read (at ${r.branch}):${notRead}\n${r.docs.map((d) => `--- ${d.path}\n${d.text.length > DOC_CHARS ? `${d.text.slice(0, DOC_CHARS)}\n…(cut at ${DOC_CHARS} characters)` : d.text}`).join('\n') || '(none)'}`,
  ].join('\n\n');
}

function driftLine(d: AreaDrift): string {
  const where = d.commits.map((c) => `${c.sha} (${c.paths.slice(0, 5).join(', ')}${c.paths.length > 5 ? ', …' : ''})`).join('; ');
  switch (d.status) {
    case 'missing':
      return `- ${d.area}: MISSING docs. Changed in ${where}; no doc is named for it or mentions it.`;
    case 'outdated':
      return `- ${d.area}: possibly OUTDATED. Changed in ${where}; docs about it not changed in the window: ${d.docs.join(', ')}.`;
    case 'updated':
      return `- ${d.area}: docs updated in the window (${d.docs.join(', ')}). Changed in ${where}.`;
  }
}
