import { getSpec } from '../../specs/index';
import type { ArtifactSpec } from '../agents/spec';
import { notOwner, type NotOwner } from '../domain/ownership';
import { watchKey, type AlertFilters, type WatchRefusal, type WatchSetup, type WatchSource } from '../domain/watch-grammar';
import { deleteWatch, deleteWatchByKey, getWatch, listWatches, pendingCounts, setWatchState, upsertWatch, type WatchRow } from '../repositories/watches';
import type { Deps } from './deps';

export type WatchResult = { kind: 'watching'; watch: WatchRow; created: boolean; setup: WatchSetup[] } | { kind: 'refused'; refusal: WatchRefusal };

/**
 * Which agents can be started by which events: a PR event starts an agent that reads a pull
 * request (it gets the PR as its request); an alert starts one that needs nothing named in
 * its request (it gets the alert group as what it read).
 */
function fit(spec: ArtifactSpec<unknown>, source: WatchSource): WatchRefusal | null {
  const context: readonly string[] = spec.eyes?.context ?? [];
  if (source.kind === 'github') return context.includes('github_pr') ? null : { code: 'agent_reads_no_pr', agent: spec.name };
  return context.some((c) => c.startsWith('github')) ? { code: 'agent_needs_a_repository', agent: spec.name } : null;
}

export async function watch(
  deps: Pick<Deps, 'db' | 'config' | 'github'>,
  req: { userId: string; teamId: string | null; source: WatchSource; agent: string; filters: AlertFilters; channelId: string | null },
): Promise<WatchResult> {
  const spec = getSpec(req.agent);
  if (!spec) return { kind: 'refused', refusal: { code: 'unknown_agent', agent: req.agent } };
  const unfit = fit(spec, req.source);
  if (unfit) return { kind: 'refused', refusal: unfit };
  if (req.source.kind === 'github' && !deps.github) return { kind: 'refused', refusal: { code: 'github_not_configured' } };
  const { row, created } = await upsertWatch(deps.db, {
    ownerId: req.userId,
    teamId: req.teamId,
    key: watchKey(req.source, spec.name),
    sourceKind: req.source.kind,
    repo: req.source.kind === 'github' ? `${req.source.owner}/${req.source.repo}`.toLowerCase() : null,
    agent: spec.name,
    filters: req.filters,
    channelId: req.channelId,
    hourlyLimit: deps.config.webhooks.hourlyLimit,
  });
  const setup: WatchSetup[] = [];
  if (req.source.kind === 'github' && !deps.config.webhooks.githubSecret) setup.push('github_webhook_secret');
  if (req.source.kind === 'alerts' && !deps.config.webhooks.alertsToken) setup.push('alerts_webhook_token');
  return { kind: 'watching', watch: row, created, setup };
}

export interface WatchListEntry {
  watch: WatchRow;
  waiting: number;
  storm: number;
}

export async function watchList(deps: Pick<Deps, 'db'>, userId: string): Promise<WatchListEntry[]> {
  const rows = await listWatches(deps.db, userId);
  const counts = await pendingCounts(deps.db, rows.map((r) => r.id));
  return rows.map((watch) => ({ watch, waiting: counts.get(watch.id)?.waiting ?? 0, storm: counts.get(watch.id)?.storm ?? 0 }));
}

export async function unwatch(deps: Pick<Deps, 'db'>, userId: string, source: WatchSource, agent: string): Promise<WatchRow | undefined> {
  return deleteWatchByKey(deps.db, userId, watchKey(source, agent));
}

export type WatchChange = { ok: true; watch: WatchRow; change: 'paused' | 'resumed' | 'deleted' } | { ok: false; refusal: NotOwner | { code: 'watch_not_found' } };

/** Pause, Resume or Delete from a button: only the watch's owner may. */
export async function changeWatch(deps: Pick<Deps, 'db'>, actor: string, id: string, change: 'pause' | 'resume' | 'delete'): Promise<WatchChange> {
  const row = await getWatch(deps.db, id);
  if (!row) return { ok: false, refusal: { code: 'watch_not_found' } };
  const refusal = notOwner(row, actor);
  if (refusal) return { ok: false, refusal };
  if (change === 'delete') {
    await deleteWatch(deps.db, id);
    return { ok: true, watch: row, change: 'deleted' };
  }
  const updated = await setWatchState(deps.db, id, change === 'pause' ? 'paused' : 'active');
  return updated ? { ok: true, watch: updated, change: change === 'pause' ? 'paused' : 'resumed' } : { ok: false, refusal: { code: 'watch_not_found' } };
}
