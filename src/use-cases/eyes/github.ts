import { createHash } from 'node:crypto';
import type { DataBlock, ReadOutcome } from '../../agents/reading';
import { citableLines, parseUnifiedDiff } from '../../domain/diff';
import { unreadEvidence, type Evidence } from '../../domain/evidence';
import { formatPrRef, prRefsIn } from '../../domain/github-refs';
import type { ReadRefusal } from '../../domain/read-refusal';
import { githubProblem } from '../../integrations/github/client';
import { readPull, type PullRead } from '../../integrations/github/pulls';
import { readAround, type AroundRead } from '../../integrations/github/contents';
import type { Deps } from '../deps';

type GitHubDeps = Pick<Deps, 'github' | 'now'>;

/** At most this many pull requests per request, and this much diff for the model per PR. */
const MAX_PRS = 3;
const CAPS = { maxFiles: 100, maxDiffBytes: 400_000 };
/** The code around the changes: 20 lines each side, for up to 20 files and 120 KB. */
const AROUND = { maxFiles: 20, around: 20, maxBytes: 120_000, maxFileBytes: 1_000_000 };

/** Asked before anything is created: a token, a PR named, and one the token can read. */
export async function checkGitHubAccess(deps: GitHubDeps, agent: string, instructions: string): Promise<ReadRefusal | null> {
  if (!deps.github) return { code: 'github_not_configured', agent };
  const refs = prRefsIn(instructions).slice(0, MAX_PRS);
  if (!refs.length) return { code: 'no_pull_request', agent };
  for (const ref of refs) {
    try {
      await deps.github.rest.pulls.get({ owner: ref.owner, repo: ref.repo, pull_number: ref.number });
    } catch (error) {
      return { code: 'github_refused', ref: formatPrRef(ref), problem: githubProblem(error) };
    }
  }
  return null;
}

/** The pull requests a request names, read for the model: the PR, its diff, its checks and reviews. */
export async function gatherGitHub(deps: GitHubDeps, agent: string, instructions: string): Promise<ReadOutcome & { refusals: ReadRefusal[] }> {
  if (!deps.github) return { blocks: [], evidence: [], refusals: [{ code: 'github_not_configured', agent }] };
  const blocks: DataBlock[] = [];
  const evidence: Evidence[] = [];
  const refusals: ReadRefusal[] = [];
  for (const ref of prRefsIn(instructions).slice(0, MAX_PRS)) {
    const name = formatPrRef(ref);
    const read = await readPull(deps.github, ref, CAPS);
    if (!read.ok) {
      const refusal: ReadRefusal = { code: 'github_refused', ref: name, problem: read.problem };
      refusals.push(refusal);
      evidence.push(unreadEvidence({ kind: 'github_pr', ref: name, via: 'context', at: deps.now(), problem: { ...refusal } }));
      continue;
    }
    const { pull } = read;
    const files = parseUnifiedDiff(pull.diff);
    const around = await readAround(deps.github, { owner: ref.owner, repo: ref.repo, ref: pull.meta.headSha }, files, AROUND);
    const text = transcript(name, pull, around);
    const refused = around.skipped.find((k) => k.why === 'refused');
    if (refused?.why === 'refused') {
      // The card says the code around the changes went unread, and why (a permission is named).
      evidence.push(unreadEvidence({ kind: 'github_pr', ref: `${name} (code around the changes)`, via: 'context', at: deps.now(), problem: { code: 'github_refused', ref: `${name} (code around the changes)`, problem: refused.problem } }));
    }
    blocks.push({ kind: 'github_pr', source: pull.meta.htmlUrl, text });
    evidence.push({
      kind: 'github_pr',
      ref: name,
      label: `${name}: ${files.length} file${files.length === 1 ? '' : 's'}, +${pull.meta.additions} −${pull.meta.deletions}`,
      url: pull.meta.htmlUrl,
      // A review may cite the PR and any file and line its diff shows.
      aliases: [pull.meta.htmlUrl, ...citableLines(files)],
      via: 'context',
      at: deps.now(),
      since: null,
      bytes: Buffer.byteLength(text),
      items: files.length,
      truncated: pull.omitted.length > 0 || around.skipped.some((k) => k.why === 'cap' || k.why === 'refused'),
      digest: createHash('sha256').update(pull.diff).digest('hex'),
      problem: null,
    });
  }
  return { blocks, evidence, refusals };
}

function transcript(name: string, pull: PullRead, around: AroundRead): string {
  const m = pull.meta;
  const checks = 'problem' in pull.checks ? `Checks: not readable (${pull.checks.problem.code}).` : `Checks: ${pull.checks.map((c) => `${c.name}=${c.conclusion ?? c.status}`).join(', ') || 'none'}.`;
  const reviews = 'problem' in pull.reviews ? `Reviews: not readable (${pull.reviews.problem.code}).` : `Reviews: ${pull.reviews.map((r) => `${r.user} ${r.state}${r.body ? `: ${r.body.slice(0, 300)}` : ''}`).join(' | ') || 'none yet'}.`;
  const omitted = pull.omitted.length ? `\nNot in the diff below (GitHub sent no patch, or past the cap): ${pull.omitted.join(', ')}` : '';
  const source = pull.diffSource === 'files' ? '\n(The full diff was too large for GitHub; this is rebuilt from per-file patches.)' : '';
  return [
    `${name}: ${m.title} (${m.state}${m.draft ? ', draft' : ''}) by ${m.author}, ${m.head} → ${m.base}, ${m.changedFiles} files, +${m.additions} −${m.deletions}`,
    `Description:\n${m.body.slice(0, 4_000) || '(none)'}`,
    checks,
    reviews,
    `Diff:${source}${omitted}\n${pull.diff}`,
    aroundText(pull.meta.headSha, around),
  ].join('\n\n');
}

/** Text for the model (not a person): the code around each change, and what was not read. */
function aroundText(sha: string, around: AroundRead): string {
  const parts = around.excerpts.map((e) => `--- ${e.path} lines ${e.from}-${e.to}\n${e.text}`);
  const refused = around.skipped.find((k) => k.why === 'refused');
  const notes = [
    ...(refused && refused.why === 'refused' ? [`not readable (${refused.problem.code}${refused.problem.code === 'github_missing_permission' && refused.problem.permission ? `: ${refused.problem.permission}` : ''})`] : []),
    ...(around.skipped.some((k) => k.why === 'cap' || k.why === 'too_big') ? [`not read past the cap: ${around.skipped.filter((k) => k.why === 'cap' || k.why === 'too_big').map((k) => k.path).join(', ')}`] : []),
  ];
  return `Code around the changes (at ${sha.slice(0, 7)}):${notes.length ? ` ${notes.join('; ')}.` : ''}\n${parts.join('\n') || '(none)'}`;
}
