import { createHash } from 'node:crypto';
import type { DataBlock, ReadOutcome } from '../../agents/reading';
import { unreadEvidence, type Evidence } from '../../domain/evidence';
import { formatRepoRef, repoRefsIn, type RepoRef } from '../../domain/github-refs';
import { failingChecks, pastWindow, pullActivity, pullsToCheck, staleDaysIn, type CheckKind, type PullFacts } from '../../domain/pr-activity';
import type { GitHubProblem, ReadRefusal } from '../../domain/read-refusal';
import { readWindow } from '../../domain/read-window';
import { githubProblem, type GitHubApi } from '../../integrations/github/client';
import type { AnswerCache } from '../../integrations/github/conditional';
import { listPulls, readCheckRuns, readCommitStatuses, readRepo } from '../../integrations/github/repos';
import { lastRepoRead } from '../../repositories/evidence';
import { dropAnswersUnusedSince, markAnswerChecked, storeAnswer, storedAnswer } from '../../repositories/github-answers';
import type { Deps } from '../deps';
import { repoTranscript } from './repo-transcript';

type RepoDeps = Pick<Deps, 'github' | 'db' | 'now' | 'logger'>;

/** At most this many repositories per request; open PRs read (newest first) and closed ones (in the window) per repository. */
export const MAX_REPOS = 5;
const OPEN = { perPage: 100, maxPages: 5 };
const CLOSED = { perPage: 50, maxPages: 4 };
/** Stored answers nobody has asked about for this long are dropped. */
const KEEP_ANSWERS_DAYS = 30;

/** Asked before anything is created: a token, a repository named, one the token can see, and its pull requests readable. */
export async function checkRepoPullsAccess(deps: Pick<Deps, 'github'>, agent: string, instructions: string): Promise<ReadRefusal | null> {
  if (!deps.github) return { code: 'github_not_configured', agent };
  const refs = repoRefsIn(instructions).slice(0, MAX_REPOS);
  if (!refs.length) return { code: 'no_repository', agent };
  for (const ref of refs) {
    try {
      await deps.github.rest.repos.get({ owner: ref.owner, repo: ref.repo });
      // The repository can be visible to a token that may not read its pull requests.
      await deps.github.rest.pulls.list({ owner: ref.owner, repo: ref.repo, state: 'open', per_page: 1 });
    } catch (error) {
      return { code: 'github_refused', ref: formatRepoRef(ref), problem: githubProblem(error), what: 'repository' };
    }
  }
  return null;
}

export interface RepoReadContext {
  /** The item, so its own earlier versions do not shorten the window of a refinement. */
  itemId: string;
  ownerId: string;
  agent: string;
  instructions: string;
  timeZone: string;
}

/**
 * The pull requests of the repositories a request names, since this agent last read each for
 * this person: a data block per repository for the model, and one Evidence row per read
 * (refused reads included). A repository it cannot read fails the run; checks it may not read
 * are said to the model and on the card.
 */
export async function gatherRepos(deps: RepoDeps, ctx: RepoReadContext): Promise<ReadOutcome & { refusals: ReadRefusal[] }> {
  if (!deps.github) return { blocks: [], evidence: [], refusals: [{ code: 'github_not_configured', agent: ctx.agent }] };
  const out = { blocks: [] as DataBlock[], evidence: [] as Evidence[], refusals: [] as ReadRefusal[] };
  const stats = { requests: 0, notModified: 0 };
  const cache = answerCache(deps, stats);
  for (const ref of repoRefsIn(ctx.instructions).slice(0, MAX_REPOS)) await readOne(deps, deps.github, cache, ctx, ref, out);
  deps.logger.info(`pr-summary read ${stats.requests} GitHub answers, ${stats.notModified} of them unchanged (304, not counted against the rate limit)`);
  await dropAnswersUnusedSince(deps.db, new Date(deps.now().getTime() - KEEP_ANSWERS_DAYS * 86_400_000)).catch((e) => deps.logger.warn('Old GitHub answers not dropped', e));
  return out;
}

async function readOne(deps: RepoDeps, api: GitHubApi, cache: AnswerCache, ctx: RepoReadContext, ref: RepoRef, out: ReadOutcome & { refusals: ReadRefusal[] }) {
  const name = formatRepoRef(ref);
  // Taken before reading: a PR opened while this run reads is in the next window, not lost between two.
  const at = deps.now();
  const refused = (error: unknown) => {
    const refusal: ReadRefusal = { code: 'github_refused', ref: name, problem: githubProblem(error), what: 'repository' };
    out.refusals.push(refusal);
    out.evidence.push(unreadEvidence({ kind: 'github_repo', ref: name, via: 'context', at, problem: { ...refusal } }));
  };
  // What fails here is GitHub's answer (the answer store never throws); a database error below is the run's, retried with it.
  const repo = await readRepo(api, ref, cache).catch((e: unknown) => void refused(e));
  if (!repo) return;
  const last = await lastRepoRead(deps.db, ctx.ownerId, ctx.agent, repo.fullName.toLowerCase(), ctx.itemId);
  const window = readWindow(ctx.instructions, at, ctx.timeZone, last);
  const lists = await readLists(api, cache, ref, window.since).catch((e: unknown) => void refused(e));
  if (!lists) return;
  const { open, closed } = lists;
  const checked = await readChecks(api, cache, ref, pullsToCheck(open.pulls));
  const activity = pullActivity([...open.pulls, ...closed.pulls], checked.failing, window.since, at, staleDaysIn(ctx.instructions));
  const text = repoTranscript({ repo, window, now: at, activity, staleDays: staleDaysIn(ctx.instructions), open, closed, checked: checked.failing.size, problems: checked.problems });
  const pulls = [...open.pulls, ...closed.pulls];
  out.blocks.push({ kind: 'github_repo', source: repo.htmlUrl, text });
  const t = activity.totals;
  out.evidence.push({
    kind: 'github_repo',
    ref: `${repo.fullName.toLowerCase()} since ${window.since.toISOString()}`,
    label: `${repo.fullName}: ${t.opened} opened, ${t.merged} merged, ${t.closed} closed`,
    url: `${repo.htmlUrl}/pulls`,
    // The summary may cite the repository and any pull request read.
    aliases: [repo.htmlUrl, ...new Set(pulls.map((p) => p.url))],
    via: 'context',
    at,
    since: window.since,
    bytes: Buffer.byteLength(text),
    items: new Set(pulls.map((p) => p.number)).size,
    truncated: open.truncated || closed.truncated,
    digest: createHash('sha256').update(text).digest('hex'),
    problem: null,
  });
  for (const [what, problem] of checked.problems) {
    out.evidence.push(unreadEvidence({ kind: 'github_repo', ref: `${repo.fullName} ${what}`, via: 'context', at, problem: { code: 'github_refused', ref: `${repo.fullName} ${what}`, problem } }));
  }
}

async function readLists(api: GitHubApi, cache: AnswerCache, ref: RepoRef, since: Date) {
  const open = await listPulls(api, ref, cache, { state: 'open', ...OPEN });
  const closed = await listPulls(api, ref, cache, { state: 'closed', ...CLOSED, enough: (page) => pastWindow(page, since) });
  return { open, closed };
}

/**
 * The failing checks of each PR's latest commit. A kind the token may not read is read no
 * further (its first refusal is kept, to be said); the other kind still counts.
 */
async function readChecks(api: GitHubApi, cache: AnswerCache, ref: RepoRef, pulls: readonly PullFacts[]) {
  const failing = new Map<number, string[]>();
  const problems = new Map<CheckKind, GitHubProblem>();
  const attempt = async <T>(kind: CheckKind, read: () => Promise<T[]>): Promise<T[]> => {
    if (problems.has(kind)) return [];
    try {
      return await read();
    } catch (error) {
      problems.set(kind, githubProblem(error));
      return [];
    }
  };
  for (const pull of pulls) {
    const runs = await attempt('check runs', () => readCheckRuns(api, ref, pull.headSha, cache));
    const statuses = await attempt('commit statuses', () => readCommitStatuses(api, ref, pull.headSha, cache));
    if (problems.size < 2) failing.set(pull.number, failingChecks(runs, statuses));
  }
  return { failing, problems };
}

/**
 * Stored answers in the database, counted: how many reads GitHub answered "unchanged". The
 * store only saves requests: when the database will not serve it, GitHub is asked in full.
 */
function answerCache(deps: RepoDeps, stats: { requests: number; notModified: number }): AnswerCache {
  const quietly = <T>(what: string, p: Promise<T>) =>
    p.catch((e: unknown) => {
      deps.logger.warn(`GitHub answer store: ${what} failed; reading without it`, e);
      return undefined;
    });
  return {
    get: (url) => {
      stats.requests++;
      return quietly('read', storedAnswer(deps.db, url));
    },
    put: async (url, answer) => void (await quietly('write', storeAnswer(deps.db, url, answer, deps.now()))),
    notModified: async (url) => {
      stats.notModified++;
      await quietly('touch', markAnswerChecked(deps.db, url, deps.now()));
    },
  };
}
