import { createHash } from 'node:crypto';
import type { ReadOutcome } from '../../agents/reading';
import { changedAreas, commitsToOpen, docsDrift, docsWindow, type ChangedCommit } from '../../domain/docs-drift';
import { docsToRead, isDocFile, type DocSkip } from '../../domain/docs-files';
import { unreadEvidence, type Evidence } from '../../domain/evidence';
import { formatRepoRef, repoRefsIn, type RepoRef } from '../../domain/github-refs';
import type { GitHubProblem, ReadRefusal } from '../../domain/read-refusal';
import type { GitHubApi } from '../../integrations/github/client';
import { listCommitsSince, readCommit, readText, readTree, type CommitRead, type ListedCommit } from '../../integrations/github/docs';
import { readRepository } from '../../integrations/github/repository';
import { lastRepoRead } from '../../repositories/evidence';
import type { Deps } from '../deps';
import { docsTranscript, type DocNotRead, type DocRead } from './docs-transcript';

type DocsDeps = Pick<Deps, 'github' | 'db' | 'now'>;

/** One repository per request; the caps on what is read from it. */
const MAX_REPOS = 1;
const CAPS = {
  treeFiles: 20_000,
  /** Commits listed (one page), and how many of them are opened for their files. */
  listed: 100,
  opened: 20,
  docs: { maxFiles: 25, maxBytes: 120_000, maxFileBytes: 50_000 },
};

/** Asked before anything is created: a token, a repository named, one the token can see, and whose commits it may read. */
export async function checkDocsAccess(deps: Pick<Deps, 'github' | 'now'>, agent: string, instructions: string): Promise<ReadRefusal | null> {
  if (!deps.github) return { code: 'github_not_configured', agent };
  const [ref] = repoRefsIn(instructions);
  if (!ref) return { code: 'no_repository', agent };
  const repo = await readRepository(deps.github, ref);
  if (!repo.ok) return refused(ref, repo.problem);
  // Listing commits needs Contents: read, as the tree and the docs do: a token without it is told now, not after the run.
  const commits = await listCommitsSince(deps.github, ref, deps.now(), 1);
  return commits.ok ? null : refused(ref, commits.problem);
}

export interface DocsReadContext {
  /** The item, so its own earlier versions do not shorten the window of a refinement. */
  itemId: string;
  ownerId: string;
  agent: string;
  instructions: string;
  timeZone: string;
}

/**
 * The repository a request names, read for the docs agent: its tree, the commits since the
 * last run (each opened for its files, capped), its docs (those about changed code first,
 * capped), and the comparison of changed code against unchanged docs. One evidence row per read.
 */
export async function gatherDocs(deps: DocsDeps, ctx: DocsReadContext): Promise<ReadOutcome & { refusals: ReadRefusal[] }> {
  if (!deps.github) return { blocks: [], evidence: [], refusals: [{ code: 'github_not_configured', agent: ctx.agent }] };
  const refs = repoRefsIn(ctx.instructions);
  if (!refs.length) return { blocks: [], evidence: [], refusals: [{ code: 'no_repository', agent: ctx.agent }] };
  const skipped = refs.slice(MAX_REPOS).map((r) => unreadEvidence({ kind: 'github_docs', ref: formatRepoRef(r), via: 'context', at: deps.now(), problem: { code: 'too_many_repositories', max: MAX_REPOS } }));
  const read = await readDocsOf(deps, deps.github, refs[0]!, ctx);
  return { ...read, evidence: [...read.evidence, ...skipped] };
}

async function readDocsOf(deps: DocsDeps, api: GitHubApi, ref: RepoRef, ctx: DocsReadContext): Promise<ReadOutcome & { refusals: ReadRefusal[] }> {
  const name = formatRepoRef(ref);
  const key = name.toLowerCase();
  const evidence: Evidence[] = [];
  const fail = (what: string, problem: GitHubProblem) => {
    const refusal = refused(ref, problem);
    evidence.push(unreadEvidence({ kind: 'github_docs', ref: what, via: 'context', at: deps.now(), problem: { ...refusal } }));
    return { blocks: [], evidence, refusals: [refusal] };
  };
  const repo = await readRepository(api, ref);
  if (!repo.ok) return fail(name, repo.problem);
  const { default_branch: branch, html_url: url } = repo.value;

  const tree = await readTree(api, ref, branch, CAPS.treeFiles);
  if (!tree.ok) return fail(`${name} tree`, tree.problem);
  const docFiles = tree.value.files.filter((f) => isDocFile(f.path));
  evidence.push(row({
    ref: `${key} tree@${tree.value.sha.slice(0, 7)}`,
    label: `${name}: ${tree.value.files.length} files, ${docFiles.length} docs`,
    url,
    items: tree.value.files.length,
    truncated: tree.value.truncated,
    content: tree.value.files.map((f) => f.path).join('\n'),
    at: deps.now(),
  }));

  const last = await lastRepoRead(deps.db, ctx.ownerId, ctx.agent, key, ctx.itemId, { kind: 'github_docs', after: ' commits since ' });
  const window = docsWindow(ctx.instructions, deps.now(), ctx.timeZone, last);
  const listed = await listCommitsSince(api, ref, window.since, CAPS.listed);
  if (!listed.ok) return fail(`${key} commits since ${window.since.toISOString()}`, listed.problem);
  const { open, notOpened } = commitsToOpen(listed.value.commits, CAPS.opened);
  evidence.push({
    ...row({
      ref: `${key} commits since ${window.since.toISOString()}`,
      label: `${name}: ${listed.value.commits.length}${listed.value.more ? '+' : ''} commits`,
      url: `${url}/commits/${encodeURIComponent(branch)}`,
      items: listed.value.commits.length,
      truncated: listed.value.more || notOpened.length > 0,
      content: listed.value.commits.map((c) => c.sha).join('\n'),
      at: deps.now(),
    }),
    since: window.since,
  });

  const commits = await openCommits(deps, api, ref, open, notOpened);
  evidence.push(...commits.evidence);
  const changed: ChangedCommit[] = commits.opened.map((c) => ({ sha: c.sha.slice(0, 7), message: c.message, files: c.files }));
  const read = await readDocs(deps, api, ref, branch, docsToRead(docFiles, changedAreas(changed), CAPS.docs));
  evidence.push(...read.evidence);
  const { docs, notRead } = read;
  const present = docFiles.map((f) => ({ path: f.path, text: docs.find((d) => d.path === f.path)?.text ?? null }));
  const text = docsTranscript({ name, branch, tree: tree.value, docFiles: docFiles.map((f) => f.path), window, listed: listed.value, opened: commits.opened, notOpened, drift: docsDrift(changed, present), docs, notRead });
  return { blocks: [{ kind: 'github_docs', source: url, text }], evidence, refusals: [] };
}

/** Each commit's changed files, newest first; a refusal stops the opening (it would repeat for every commit). */
async function openCommits(deps: DocsDeps, api: GitHubApi, ref: RepoRef, open: readonly ListedCommit[], notOpened: ListedCommit[]) {
  const name = formatRepoRef(ref);
  const opened: CommitRead[] = [];
  const evidence: Evidence[] = [];
  for (const [i, c] of open.entries()) {
    const got = await readCommit(api, ref, c.sha);
    if (!got.ok) {
      evidence.push(unreadEvidence({ kind: 'github_docs', ref: `${name}@${c.sha.slice(0, 7)}`, via: 'context', at: deps.now(), problem: { ...refused(ref, got.problem) } }));
      if (got.problem.code === 'github_not_found') continue;
      notOpened.unshift(...open.slice(i + 1));
      break;
    }
    opened.push(got.value);
    const short = got.value.sha.slice(0, 7);
    evidence.push(row({
      ref: `${name}@${got.value.sha}`,
      label: `${short} ${got.value.message.split('\n')[0]!.slice(0, 60)}`,
      url: got.value.url,
      aliases: [got.value.sha, short],
      items: got.value.files.length,
      truncated: false,
      content: got.value.files.map((f) => `${f.status} ${f.path}`).join('\n'),
      at: deps.now(),
    }));
  }
  return { opened, evidence };
}

/** The docs chosen, at the default branch; a refusal stops the reading, and the card names the permission. */
async function readDocs(deps: DocsDeps, api: GitHubApi, ref: RepoRef, branch: string, choice: { read: string[]; skipped: DocSkip[] }) {
  const name = formatRepoRef(ref);
  const docs: DocRead[] = [];
  const notRead: DocNotRead[] = [...choice.skipped];
  const evidence: Evidence[] = [];
  for (const [i, path] of choice.read.entries()) {
    const got = await readText(api, ref, branch, path);
    if (!got.ok) {
      evidence.push(unreadEvidence({ kind: 'github_docs', ref: `${name}:${path}`, via: 'context', at: deps.now(), problem: { ...refused(ref, got.problem) } }));
      if (got.problem.code === 'github_not_found') continue;
      notRead.push(...choice.read.slice(i + 1).map((p) => ({ path: p, why: 'refused' as const })));
      break;
    }
    docs.push({ path, text: got.value.text });
    evidence.push(row({ ref: `${name}:${path}`, label: path, url: got.value.url, aliases: [path], items: 1, truncated: false, content: got.value.text, at: deps.now() }));
  }
  return { docs, notRead, evidence };
}

const refused = (ref: RepoRef, problem: GitHubProblem): ReadRefusal => ({ code: 'github_refused', ref: formatRepoRef(ref), problem, what: 'repository' });

function row(r: { ref: string; label: string; url: string | null; aliases?: string[]; items: number; truncated: boolean; content: string; at: Date }): Evidence {
  return {
    kind: 'github_docs',
    ref: r.ref,
    label: r.label,
    url: r.url,
    aliases: r.aliases ?? [],
    via: 'context',
    at: r.at,
    since: null,
    bytes: Buffer.byteLength(r.content),
    items: r.items,
    truncated: r.truncated,
    digest: createHash('sha256').update(r.content).digest('hex'),
    problem: null,
  };
}
