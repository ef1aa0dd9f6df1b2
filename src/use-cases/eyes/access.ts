import { getSpec } from '../../../specs/index';
import { cardMayShow } from '../../domain/slack-access';
import { slackRefsIn } from '../../domain/slack-refs';
import type { Deps } from '../deps';
import type { ContextSource } from '../../agents/spec';
import type { ReadRefusal } from '../../domain/read-refusal';
import { formatRepoRef, repoRefsIn } from '../../domain/github-refs';
import { readRepository } from '../../integrations/github/repository';
import { checkGitHubAccess } from './github';
import { checkRepoPullsAccess } from './github-repos';
import { checkDocsAccess } from './github-docs';
import { checkSlackAccess, type ReadAccess } from './slack';

export type { ReadAccess };

type AccessDeps = Pick<Deps, 'slack' | 'db' | 'config' | 'now' | 'logger' | 'github'>;

/** A token, a repository named (the first is the one read), and one the token can see: deps and tech-debt ask no more. */
async function checkRepoAccess(deps: AccessDeps, agent: string, instructions: string): Promise<ReadRefusal | null> {
  if (!deps.github) return { code: 'github_not_configured', agent };
  const [ref] = repoRefsIn(instructions);
  if (!ref) return { code: 'no_repository', agent };
  const repo = await readRepository(deps.github, ref);
  return repo.ok ? null : { code: 'github_refused', ref: formatRepoRef(ref), problem: repo.problem, what: 'repository' };
}

/** What each GitHub context asks of the token before anything is created. */
const GITHUB_CHECKS: ReadonlyArray<readonly [ContextSource, (deps: AccessDeps, agent: string, instructions: string) => Promise<ReadRefusal | null>]> = [
  ['github_pr', checkGitHubAccess],
  ['github_deps', checkRepoAccess],
  ['github_repos', checkRepoPullsAccess],
  ['github_docs', checkDocsAccess],
  ['github_debt', checkRepoAccess],
];

/**
 * Whether the agent may read everything the request names for this person (pull requests,
 * repositories, conversations): asked before anything is created, so a refusal loses nothing
 * and leaves nothing behind. With `withinMs` (a modal must be answered in 3 s) a check Slack is
 * slow to answer is left to the run, which checks again; the caller then treats every read as
 * private.
 */
export async function readAccessFor(deps: AccessDeps, userId: string, agent: string, instructions: string, opts: { withinMs?: number } = {}): Promise<ReadAccess> {
  const context = getSpec(agent)?.eyes?.context ?? [];
  for (const [source, check] of GITHUB_CHECKS) {
    if (!context.includes(source)) continue;
    const refusal = await check(deps, agent, instructions);
    if (refusal) return { ok: false, refusal };
  }
  const refs = context.includes('slack') ? slackRefsIn(instructions) : [];
  if (!refs.length) return { ok: true, privateChannels: [], unchecked: false };
  const check = checkSlackAccess(deps, userId, refs);
  if (!opts.withinMs) return check;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<ReadAccess>((resolve) => {
    timer = setTimeout(() => resolve({ ok: true, privateChannels: [], unchecked: true }), opts.withinMs);
  });
  check.catch(() => undefined);
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}

/** Where the card may go: the request's channel, unless what is read is private to another channel (or unchecked). */
export function cardChannelFor(access: Extract<ReadAccess, { ok: true }>, requested: string, userId: string): string {
  return access.unchecked || !cardMayShow(access.privateChannels, requested) ? userId : requested;
}
