import { retryLostConnection } from '../db/database';
import { admit } from '../domain/wip-policy';
import { insertWorkItemIfOpenBelow, listOpen, stateOf, updateState, type WorkItemRow } from '../repositories/work-items';
import { appendAudit } from '../repositories/audit';
import type { Tx } from '../db/database';
import { lockPerson, type LockedPerson } from '../repositories/people';
import type { OpenItemView } from '../views/messages';
import type { Deps } from './deps';
import { publishCard } from './publish-card';
import { pauseIfUnreachable } from './schedule-pause';
import { REASONS } from '../views/reasons';
import { ensureDigest } from './digest';
import type { ReadRefusal } from '../domain/read-refusal';
import { cardChannelFor, readAccessFor } from './eyes/access';

export interface DelegateRequest {
  userId: string;
  teamId: string | null;
  channelId: string;
  agent: string;
  instructions: string;
  source: 'command' | 'modal' | 'dm' | 'schedule' | 'coach' | 'watch';
  /** Spec-coach proposals: the agent whose spec the proposal is about. */
  aboutAgent?: string;
  /** Scheduled runs: which schedule, and the due time (one item per due time). */
  scheduleId?: string;
  scheduledFor?: Date;
  /** "Run anyway": admit one run past the limit, at the person's explicit request. */
  overrideLimit?: boolean;
  /** Where the approved artifact is published (`/delegate research to #eng: …`, or the modal). */
  publishChannelId?: string;
  /** A stable id of the originating Slack message (DMs), for de-duplicating re-delivered events. */
  sourceRef?: string;
}

export type DelegateResult =
  | { kind: 'accepted'; item: WorkItemRow; open: number; limit: number }
  | { kind: 'duplicate' }
  | { kind: 'refused'; open: number; limit: number; oldest: OpenItemView[] }
  /** The request names a conversation the agent may not read for this person: nothing was created. */
  | { kind: 'cannot_read'; refusal: ReadRefusal };

export interface DelegateOptions {
  /**
   * Bookkeeping that commits together with the admission decision, under the person's lock
   * (a schedule clears or records its deferred run), so no reader sees one without the other.
   */
  onDecision?: (tx: Tx, kind: DelegateResult['kind'], item?: WorkItemRow) => Promise<void>;
}

/**
 * Admits new work under the person's WIP limit. The person's row is locked for the
 * count-and-insert, so concurrent requests are admitted exactly up to the limit.
 */
export async function delegate(deps: Deps, req: DelegateRequest, opts: DelegateOptions = {}): Promise<DelegateResult> {
  // Asked before anything exists. A scheduled or watched run is not refused here: it fails on its card, where the owner sees why.
  if (req.source !== 'schedule' && req.source !== 'watch') {
    const access = await readAccessFor(deps, req.userId, req.agent, req.instructions, req.source === 'modal' ? { withinMs: 2_000 } : {});
    if (!access.ok) return { kind: 'cannot_read', refusal: access.refusal };
    req = { ...req, channelId: cardChannelFor(access, req.channelId, req.userId) };
  }
  const { result, person } = await deps.db.transaction(async (tx) => {
    const decided = await admitOrRefuse(deps, tx, req);
    await opts.onDecision?.(tx, decided.result.kind, decided.result.kind === 'accepted' ? decided.result.item : undefined);
    return decided;
  });
  if (result.kind === 'accepted') {
    await enqueueOrFail(deps, result.item);
    await deps.home.refresh(req.userId).catch((e) => deps.logger.warn(`Home refresh for ${req.userId} not queued`, e));
    // First use: read the person's time zone and start their daily digest (after the admission, off the hot path).
    await ensureDigest(deps, req.userId, person).catch((e) => deps.logger.warn(`Digest set-up for ${req.userId} failed`, e));
  }
  return result;
}

/**
 * The count-and-insert under the person's lock, in as few round trips as it can be exact in:
 * the lock (creating the person on first use), then count, insert and audit in one statement.
 */
async function admitOrRefuse(deps: Deps, tx: Tx, req: DelegateRequest): Promise<{ result: DelegateResult; person: LockedPerson }> {
  const person = await lockPerson(tx, req.userId, req.teamId);
  const limit = person.wipLimit ?? deps.config.wipLimit;
  const detail = { agent: req.agent, source: req.source, ...(req.scheduleId ? { scheduleId: req.scheduleId } : {}), ...(req.overrideLimit ? { overrideLimit: true } : {}) };
  const { openBefore, row: item } = await insertWorkItemIfOpenBelow(
    tx,
    {
      ownerId: req.userId,
      teamId: req.teamId,
      agent: req.agent,
      instructions: req.instructions,
      source: req.source,
      channelId: req.channelId,
      sourceRef: req.sourceRef ?? null,
      scheduleId: req.scheduleId ?? null,
      scheduledFor: req.scheduledFor ?? null,
      publishChannelId: req.publishChannelId ?? null,
      aboutAgent: req.aboutAgent ?? null,
    },
    { actor: req.userId, action: 'delegate', detail },
    // The statement inserts only what the policy admits; "Run anyway" admits past the limit.
    req.overrideLimit ? null : limit,
  );
  const decision = admit(openBefore, limit);
  if (!decision.admitted && !req.overrideLimit) {
    const oldest = (await listOpen(tx, req.userId, 5)).map(toOpenItemView);
    return { result: { kind: 'refused', open: decision.open, limit, oldest }, person };
  }
  if (!item) return { result: { kind: 'duplicate' }, person };
  return { result: { kind: 'accepted', item, open: decision.admitted ? decision.open : decision.open + 1, limit }, person };
}

/** If the run cannot be queued, the item is marked failed (with Retry) rather than left hanging. */
export async function enqueueOrFail(deps: Deps, item: WorkItemRow): Promise<void> {
  try {
    // Queueing a run is idempotent (one job per item and run), so a dead pooled connection is simply retried.
    await retryLostConnection(() => deps.runs.enqueueRun({ workItemId: item.id, runSeq: item.runSeq }));
  } catch (error) {
    deps.logger.error(`Could not queue a run for item ${item.id}`, error);
    const failed = await updateState(deps.db, item, { status: 'failed', reason: REASONS.runNotQueued, retry: { kind: 'first_run' } }).catch(
      () => undefined,
    );
    if (failed) {
      await appendAudit(deps.db, { workItemId: item.id, actor: 'system', action: 'enqueue_failed', from: item.status, to: 'failed' });
      // A card with Retry, so the item is visible where the person works, not only in /delegate status.
      await publishCard(deps, failed)
        .then((published) => pauseIfUnreachable(deps, failed, published))
        .catch((e) => deps.logger.error(`Could not post the card for item ${item.id}`, e));
    }
    throw error;
  }
}

export function toOpenItemView(row: WorkItemRow): OpenItemView {
  return {
    id: row.id,
    agent: row.agent,
    instructions: row.instructions,
    state: stateOf(row),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
