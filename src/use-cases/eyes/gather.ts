import type { ReadOutcome, ReadTool } from '../../agents/reading';
import type { ArtifactSpec, ContextSource } from '../../agents/spec';
import { fetchPageTool, readPageOutcome } from '../../agents/eyes/web';
import { webSearchTool } from '../../agents/eyes/search';
import { unreadEvidence, type Evidence } from '../../domain/evidence';
import { MAX_PAGES_PER_REQUEST, urlsIn } from '../../domain/request-refs';
import { listEvidence } from '../../repositories/evidence';
import { getWorkItem } from '../../repositories/work-items';
import type { ReadRefusal } from '../../domain/read-refusal';
import type { Deps } from '../deps';
import { gatherSlack } from './slack';
import { gatherGitHub } from './github';
import { gatherAlert } from './alert';
import { gatherDeps } from './github-deps';
import { gatherRepos } from './github-repos';
import { gatherDocs } from './github-docs';
import { gatherDebt } from './github-debt';

/**
 * What an agent reads before the model runs, from the request alone: the same request always
 * gathers the same things. Every read is evidence, refused and failed ones included, so the
 * card can say what was not read and why.
 */
export async function gatherContext(
  deps: Pick<Deps, 'config' | 'slack' | 'db' | 'now' | 'logger' | 'github'>,
  spec: ArtifactSpec<unknown>,
  request: { itemId: string; cardChannel: string; ownerId: string; agent: string; instructions: string; timeZone: string },
): Promise<ReadOutcome & { refusals: ReadRefusal[] }> {
  const { instructions } = request;
  const wanted = spec.eyes?.context ?? [];
  // A run a watched alert started reads that alert group, whatever its spec reads besides.
  const outcomes: ReadOutcome[] = [await gatherAlert(deps, request.itemId)];
  const refusals: ReadRefusal[] = [];
  const ctx = { ...request, agent: spec.name };
  // One source at a time, in this order (the card lists reads in it): each names what it could not read.
  const sources: ReadonlyArray<readonly [ContextSource, () => Promise<ReadOutcome & { refusals: ReadRefusal[] }>]> = [
    ['github_pr', () => gatherGitHub(deps, spec.name, instructions)],
    ['github_deps', () => gatherDeps(deps, spec.name, instructions)],
    ['github_repos', () => gatherRepos(deps, ctx)],
    ['github_docs', () => gatherDocs(deps, ctx)],
    ['github_debt', () => gatherDebt(deps, spec.name, instructions)],
    ['slack', () => gatherSlack(deps, ctx)],
  ];
  for (const [source, gather] of sources) {
    if (!wanted.includes(source)) continue;
    const read = await gather();
    outcomes.push(read);
    refusals.push(...read.refusals);
  }
  if (wanted.includes('pages')) {
    const urls = urlsIn(instructions);
    outcomes.push(...(await Promise.all(urls.slice(0, MAX_PAGES_PER_REQUEST).map((url) => readPageOutcome(url, deps.config.web, 'context', {})))));
    outcomes.push(...urls.slice(MAX_PAGES_PER_REQUEST).map((url) => skipped(url, MAX_PAGES_PER_REQUEST)));
  }
  return { blocks: outcomes.flatMap((o) => o.blocks), evidence: outcomes.flatMap((o) => o.evidence), refusals };
}

/** The read-only tools this agent's model may call, and what it should know about those it may not. */
export function toolsFor(deps: Pick<Deps, 'config'>, spec: ArtifactSpec<unknown>): { tools: ReadTool[]; notes: string[] } {
  const tools: ReadTool[] = [];
  const notes: string[] = [];
  const wanted = deps.config.reading.maxCalls > 0 ? (spec.eyes?.tools ?? []) : [];
  for (const name of wanted) {
    if (name === 'fetch_page' && deps.config.web.enabled) tools.push(fetchPageTool(deps.config.web));
    if (name === 'web_search') {
      if (deps.config.search && deps.config.web.enabled) tools.push(webSearchTool(deps.config.search));
      else notes.push('No web search is available in this run: work from the pages named in the request, and say in your answer that you could not search.');
    }
  }
  return { tools, notes };
}

function skipped(url: string, max: number): ReadOutcome {
  return { blocks: [], evidence: [unreadEvidence({ kind: 'web_page', ref: url, via: 'context', at: new Date(), problem: { code: 'too_many_pages', max } })] };
}

/** What was read for one version of an item, for the card's "What it read" list. */
export async function readsOf(deps: Pick<Deps, 'db'>, itemId: string, version: number): Promise<{ agent: string; reads: Evidence[] } | undefined> {
  const row = await getWorkItem(deps.db, itemId);
  if (!row) return undefined;
  return { agent: row.agent, reads: await listEvidence(deps.db, itemId, version) };
}
