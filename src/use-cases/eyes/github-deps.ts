import { createHash } from 'node:crypto';
import type { DataBlock, ReadOutcome } from '../../agents/reading';
import { dependencyBotOf } from '../../domain/dependency-prs';
import { unreadEvidence, type Evidence, type ReadProblem } from '../../domain/evidence';
import { formatRepoRef, repoRefsIn, type RepoRef } from '../../domain/github-refs';
import { parseManifest } from '../../domain/manifest-parsers';
import { manifestKind, manifestsToRead, packageKey, type Dependency } from '../../domain/manifests';
import type { GitHubProblem, ReadRefusal } from '../../domain/read-refusal';
import type { GitHubApi } from '../../integrations/github/client';
import { readFileText, readOpenAlerts, readOpenPulls, readTree } from '../../integrations/github/repo-deps';
import { readRepository, type Repository } from '../../integrations/github/repository';
import type { Deps } from '../deps';
import { MAX_LISTED, alertPackages, alertsAliases, alertsText, botPullsAliases, botPullsText, fileText, type ReadFile } from './deps-transcript';

type GitHubDeps = Pick<Deps, 'github' | 'now'>;

/**
 * What one dependency review reads at most: files (the shallowest first), bytes per file and
 * in all (the contents API sends base64 only up to 1 MB), open alerts, and pages of open PRs.
 */
export const DEPS_CAPS = { maxFiles: 20, maxFileBytes: 1_000_000, maxTotalBytes: 3_000_000, maxAlerts: 100, pullPages: 1 } as const;

/** The repository a request names: the first, since a plan is for one repository. */
const repoIn = (instructions: string): RepoRef | undefined => repoRefsIn(instructions)[0];

/**
 * The repository's dependency files, its open Dependabot alerts and its open Dependabot and
 * Renovate pull requests, for the model as one data block. Alerts or PRs the token may not
 * read are a note and a refused read on the card, not a failed run; only a repository it
 * cannot read at all fails the run.
 */
export async function gatherDeps(deps: GitHubDeps, agent: string, instructions: string): Promise<ReadOutcome & { refusals: ReadRefusal[] }> {
  if (!deps.github) return { blocks: [], evidence: [], refusals: [{ code: 'github_not_configured', agent }] };
  const ref = repoIn(instructions);
  if (!ref) return { blocks: [], evidence: [], refusals: [{ code: 'no_repository', agent }] };
  const api = deps.github;
  const name = formatRepoRef(ref);
  const repo = await readRepository(api, ref);
  if (!repo.ok) return { blocks: [], evidence: [], refusals: [{ code: 'github_refused', ref: name, problem: repo.problem, what: 'repository' }] };
  const { default_branch: branch, html_url: home } = repo.value;
  const at = deps.now();
  const record = recorder(name, at);
  const evidence = record.evidence;
  const { files, notes } = await readDependencyFiles(api, ref, repo.value, record);
  const direct = files.filter((f) => f.kind.role === 'manifest').flatMap((f) => f.dependencies);
  const interesting = new Set(keysOf(direct));

  const alerts = await readOpenAlerts(api, ref, DEPS_CAPS.maxAlerts);
  if (alerts.ok) alertPackages(alerts.value.alerts).forEach((k) => interesting.add(k));
  if (alerts.ok) evidence.push(listEvidence(`${name}: Dependabot alerts`, `${name}: ${alerts.value.alerts.length}${alerts.value.more ? '+' : ''} open Dependabot alerts`, `${home}/security/dependabot`, alertsAliases(alerts.value.alerts), alerts.value.alerts.length, alerts.value.more, alertsText(alerts.value.alerts), at));
  else record.refused('Dependabot alerts', alerts.problem);

  const pulls = await readOpenPulls(api, ref, DEPS_CAPS.pullPages);
  const bots = pulls.ok ? pulls.value.pulls.filter((p) => dependencyBotOf(p)) : [];
  if (pulls.ok) evidence.push(listEvidence(`${name}: dependency PRs`, `${name}: ${bots.length} open Dependabot/Renovate PRs`, `${home}/pulls`, botPullsAliases(name, bots, direct), bots.length, pulls.value.more, botPullsText(name, bots), at));
  else record.refused('open pull requests', pulls.problem);

  const text = [
    `Repository ${repo.value.full_name} (default branch ${branch}).`,
    ...notes,
    files.length ? files.map((f) => fileText(f, interesting)).join('\n\n') : 'No dependency files were read.',
    alerts.ok ? alertsText(alerts.value.alerts, alerts.value.more) : `Open Dependabot alerts: NOT READ (${problemNote(alerts.problem)}). Say in the summary that alerts were not checked.`,
    pulls.ok ? botPullsText(name, bots, pulls.value.more) : `Open Dependabot/Renovate pull requests: NOT READ (${problemNote(pulls.problem)}).`,
  ].join('\n\n');
  const block: DataBlock = { kind: 'github_deps', source: home, text };
  return { blocks: [block], evidence, refusals: [] };
}

/** Every read on the record, the ones that did not happen too. */
function recorder(name: string, at: Date) {
  const evidence: Evidence[] = [];
  const unread = (what: string, problem: ReadProblem) => evidence.push(unreadEvidence({ kind: 'github_deps', ref: `${name}: ${what}`, via: 'context', at, problem }));
  return { evidence, at, unread, refused: (what: string, problem: GitHubProblem) => unread(what, { code: 'github_refused', ref: what, problem }) };
}

/** Dependency files: found by name in the tree, read through the contents API, within the caps; what was cut is said. */
async function readDependencyFiles(api: GitHubApi, ref: RepoRef, repo: Repository, record: ReturnType<typeof recorder>): Promise<{ files: ReadFile[]; notes: string[] }> {
  const name = formatRepoRef(ref);
  const branch = repo.default_branch;
  const tree = await readTree(api, ref, branch);
  if (!tree.ok) {
    record.refused('file tree', tree.problem);
    return { files: [], notes: [`The file tree was NOT READ (${problemNote(tree.problem)}), so no dependency files were read.`] };
  }
  const files: ReadFile[] = [];
  const notes: string[] = [];
  const { read, skipped } = manifestsToRead(tree.value.files, DEPS_CAPS.maxFiles);
  let total = 0;
  for (const f of read) {
    if (f.size > DEPS_CAPS.maxFileBytes) {
      record.unread(f.path, { code: 'file_too_large', bytes: f.size, max: DEPS_CAPS.maxFileBytes });
      notes.push(`${f.path} was not read: ${f.size} bytes is over the cap.`);
      continue;
    }
    if (total + f.size > DEPS_CAPS.maxTotalBytes) {
      record.unread(f.path, { code: 'too_many_bytes', max: DEPS_CAPS.maxTotalBytes });
      notes.push(`${f.path} was not read: the files before it reached the cap on bytes read.`);
      continue;
    }
    const text = await readFileText(api, ref, f.path, branch);
    if (!text.ok) {
      record.refused(f.path, text.problem);
      notes.push(`${f.path} was NOT READ (${problemNote(text.problem)}).`);
      continue;
    }
    total += Buffer.byteLength(text.value);
    files.push({ path: f.path, kind: manifestKind(f.path)!, text: text.value, dependencies: parseManifest(f.path, text.value) });
  }
  for (const f of skipped) record.unread(f.path, { code: 'too_many_files', max: DEPS_CAPS.maxFiles });
  if (tree.value.truncated) notes.push('GitHub cut the file tree short (it is very large): dependency files deeper in it may be missing.');
  if (skipped.length) notes.push(`Only the first ${DEPS_CAPS.maxFiles} dependency files were read; not read: ${skipped.map((f) => f.path).join(', ')}.`);
  record.evidence.push(treeEvidence(name, branch, repo, files, tree.value.files.length, tree.value.truncated || skipped.length > 0, record.at));
  record.evidence.push(...files.map((f) => fileEvidence(name, branch, repo, f, record.at)));
  return { files, notes };
}

/** For the model: what kept a read from happening, named by GitHub's permission when it says which. */
function problemNote(p: GitHubProblem): string {
  if (p.code === 'github_missing_permission') return `the GitHub token lacks ${p.permission ?? 'a permission this needs'}`;
  if (p.code === 'alerts_disabled') return 'Dependabot alerts are turned off for this repository';
  return p.code.replace(/_/g, ' ');
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function treeEvidence(name: string, branch: string, repo: Repository, files: readonly ReadFile[], treeSize: number, truncated: boolean, at: Date): Evidence {
  return {
    kind: 'github_deps',
    ref: `${name}@${branch}`,
    label: `${name}@${branch}: ${files.length} dependency file${files.length === 1 ? '' : 's'} of ${treeSize}`,
    url: repo.html_url,
    aliases: [repo.html_url],
    via: 'context',
    at,
    since: null,
    bytes: 0,
    items: files.length,
    truncated,
    digest: null,
    problem: null,
  };
}

function fileEvidence(name: string, branch: string, repo: Repository, f: ReadFile, at: Date): Evidence {
  return {
    kind: 'github_deps',
    ref: `${name}: ${f.path}`,
    label: `${f.path}: ${f.dependencies.length} ${f.kind.role === 'lockfile' ? 'locked packages' : 'dependencies'}`,
    url: `${repo.html_url}/blob/${encodeURIComponent(branch)}/${f.path.split('/').map(encodeURIComponent).join('/')}`,
    // A plan may cite any package this file names, by packageKey.
    aliases: [f.path, ...keysOf(f.dependencies)],
    via: 'context',
    at,
    since: null,
    bytes: Buffer.byteLength(f.text),
    items: f.dependencies.length,
    // A manifest longer than the list the model gets is cut short; a lockfile is listed by interest, by design.
    truncated: f.kind.role === 'manifest' && f.dependencies.length > MAX_LISTED,
    digest: sha(f.text),
    problem: null,
  };
}

function listEvidence(ref: string, label: string, url: string, aliases: string[], items: number, truncated: boolean, text: string, at: Date): Evidence {
  return { kind: 'github_deps', ref, label, url, aliases: [url, ...aliases], via: 'context', at, since: null, bytes: Buffer.byteLength(text), items, truncated, digest: sha(text), problem: null };
}

const keysOf = (ds: readonly Dependency[]) => [...new Set(ds.map((d) => packageKey(d.ecosystem, d.name)))];
