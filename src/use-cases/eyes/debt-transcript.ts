import type { Candidate, Hotspot } from '../../domain/debt-signals';
import type { DebtIssue } from '../../integrations/github/debt';

/** What a tech-debt run read, as one text for the model (data, inside the fence; not for people). */
export interface DebtReading {
  name: string;
  url: string;
  branch: string;
  since: Date;
  /** Why the picture is not whole, one sentence each; empty when it is. */
  partial: string[];
  candidates: Candidate[];
  searches: Array<{ term: string; found: number; total: number }>;
  hotspots: Hotspot[];
  areas: Array<{ area: string; files: number }>;
  largest: Array<{ path: string; bytes: number }>;
  treeTruncated: boolean;
  churn: Array<{ path: string; commits: number }>;
  commitsOpened: number;
  moreCommits: boolean;
  labels: string[] | null;
  issues: DebtIssue[];
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const kb = (bytes: number) => `${Math.round(bytes / 1000).toLocaleString('en')} KB`;

export function debtTranscript(r: DebtReading): string {
  const coverage = r.partial.length
    ? `Coverage: PARTIAL. Say so in your summary, and why:\n${r.partial.map((p) => `- ${p}`).join('\n')}`
    : 'Coverage: complete: every planned search ran and GitHub returned complete results.';
  const section = (title: string, lines: string[], none: string) => `${title}\n${lines.length ? lines.join('\n') : none}`;
  return [
    `Repository ${r.name} (default branch ${r.branch}): ${r.url}`,
    coverage,
    section(
      'Candidates (paths several signals point at: markers, size, commits in the last 90 days):',
      r.candidates.map((c) => `- ${c.path}: ${[c.markers.length ? `markers ${c.markers.join(', ')}` : '', c.bytes !== null ? kb(c.bytes) : '', c.commits ? `${c.commits} commit${c.commits === 1 ? '' : 's'}` : ''].filter(Boolean).join('; ')}`),
      '(none)',
    ),
    section(
      'Debt markers (code search on the default branch; it tells which files contain a word, not how often):',
      [
        ...r.searches.map((s) => `- ${s.term}: ${s.total} file${s.total === 1 ? '' : 's'}${s.found < s.total ? ` (the first ${s.found} listed)` : ''}`),
        ...r.hotspots.map((h) => `  ${h.path}: ${h.terms.join(', ')}`),
      ],
      '(no searches ran)',
    ),
    section('Areas with the most marked files:', r.areas.map((a) => `- ${a.area}: ${a.files} files`), '(none with more than one)'),
    section(
      `Largest files at ${r.branch} (lock files, vendored, built and binary files left out)${r.treeTruncated ? '; GitHub cut the tree short, so some files are missing' : ''}:`,
      r.largest.map((l) => `- ${l.path}: ${kb(l.bytes)}`),
      '(none)',
    ),
    section(
      `Most changed paths since ${day(r.since)} (${r.commitsOpened} commit${r.commitsOpened === 1 ? '' : 's'} opened${r.moreCommits ? ', the newest only: there were more' : ''}; merges skipped):`,
      r.churn.map((c) => `- ${c.path}: ${c.commits} commit${c.commits === 1 ? '' : 's'}`),
      '(none)',
    ),
    r.labels === null
      ? 'Issues labelled as debt: not read.'
      : section(
          r.labels.length ? `Open issues labelled as debt (labels: ${r.labels.join(', ')}):` : 'Open issues labelled as debt: the repository has no debt label (tech-debt, debt, refactor, cleanup, …).',
          r.issues.map((i) => `- #${i.number} ${i.title} [${i.labels.join(', ')}] opened ${i.createdAt.slice(0, 10)}, ${i.comments} comment${i.comments === 1 ? '' : 's'}: ${i.url}`),
          r.labels.length ? '(none open)' : '',
        ).trim(),
  ].join('\n\n');
}
