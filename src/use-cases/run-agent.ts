import { retryLostConnection } from '../db/database';
import { decide, isOpen, isRunnable, type Command } from '../domain/work-item';
import { getWorkItem, stateOf, updateState, type WorkItemRow } from '../repositories/work-items';
import { appendAudit } from '../repositories/audit';
import { claimRun, markResumed, releaseRun, renewRunClaim } from '../repositories/run-claims';
import { getArtifact, insertArtifact, insertRejectedOutput } from '../repositories/artifacts';
import type { Deps } from './deps';
import { countSelectedPlanned, queueSelected, type ItemActionRow } from '../repositories/item-actions';
import { planActions, plannedParams } from './actions/plan';
import { mayActAfterReading } from '../domain/read-cap';
import { startActions } from './actions/run';
import { pauseIfUnreachable } from './schedule-pause';
import { REASONS } from '../views/reasons';
import { recordTrustEvent, trustFor } from './trust';
import { publishCard } from './publish-card';
import { startDeferred } from './schedules';
import { resolveSpec } from './specs';
import { whileRenewing, type Lease } from './lease';
import { gatherContext, toolsFor } from './eyes/gather';
import { openMcpTools } from './eyes/mcp';
import { insertEvidence, listEvidence } from '../repositories/evidence';
import { getPerson } from '../repositories/people';
import { unreadCitations } from '../domain/evidence';

export type RunOutcome = 'skipped' | 'busy' | 'completed' | 'failed' | 'superseded';

/**
 * One agent run. Idempotent: a run whose item has moved on (another run finished, the
 * person cancelled, or this is a re-delivery) does nothing. The run's claim is renewed every
 * heartbeat while it works, model call included; a claim left to expire means its worker
 * died, and the run is taken over (and says so on its card).
 */
export async function runAgent(deps: Deps, run: { workItemId: string; runSeq: number }, lease: Lease): Promise<RunOutcome> {
  const row = await getWorkItem(deps.db, run.workItemId);
  if (!row || row.runSeq !== run.runSeq || !isRunnable(stateOf(row))) return 'skipped';
  // A claim on this very run already exists: if ours succeeds, its worker stopped renewing it.
  const takingOver = row.claimedRunSeq === run.runSeq && row.claimedAt !== null;
  // Another worker is on this very run (a duplicated job) and alive.
  if (!(await claimRun(deps.db, row.id, run.runSeq, lease.leaseMs))) return 'busy';
  const renew = () => Promise.all([renewRunClaim(deps.db, row.id, run.runSeq), lease.touch?.()]);
  try {
    return await whileRenewing(lease.heartbeatMs, renew, () => claimedRun(deps, row, takingOver), (e) =>
      deps.logger.warn(`Could not renew the claim on item ${row.id} (${e instanceof Error ? e.message : String(e)}); retrying at the next heartbeat.`),
    );
  } catch (error) {
    // Released, so the job's retry can claim it at once instead of waiting out the lease.
    await retryLostConnection(() => releaseRun(deps.db, row.id, run.runSeq)).catch((e) =>
      deps.logger.warn(`Could not release the claim on item ${row.id}; it is taken over when its lease expires.`, e),
    );
    throw error;
  }
}

async function claimedRun(deps: Deps, claimed: WorkItemRow, takingOver: boolean): Promise<RunOutcome> {
  let row = claimed;
  if (takingOver) await recordResumed(deps, row);

  const started = await transition(deps, row, { type: 'start_run' }, 'system');
  if (!started) return 'superseded';
  row = started.row;
  const state = stateOf(row);

  // The person's effective spec: tightened constraints in the schema, rules in the prompt.
  const spec = (await resolveSpec(deps, row.ownerId, row.agent))?.spec;
  if (!spec) return finish(deps, row, { type: 'fail_run', reason: REASONS.agentGone(row.agent) });

  const version = row.currentVersion + 1;
  // A worker that died after storing this run's artifact: use it rather than calling the model again.
  const stored = await getArtifact(deps.db, row.id, version);
  let artifact: unknown;
  if (stored && stored.runSeq === row.runSeq) {
    artifact = stored.content;
  } else {
    let previous: { artifact: unknown; feedback: string } | undefined;
    if (state.status === 'refining') {
      const prior = await getArtifact(deps.db, row.id, state.fromVersion);
      if (prior) previous = { artifact: prior.content, feedback: state.feedback };
    }
    // Eyes first: what the request points at is read before the model runs; tools let it read more.
    const timeZone = (await getPerson(deps.db, row.ownerId))?.timeZone ?? 'UTC';
    const gathered = await gatherContext(deps, spec, {
      itemId: row.id,
      cardChannel: row.cardChannelId ?? row.channelId,
      ownerId: row.ownerId,
      agent: row.agent,
      instructions: row.instructions,
      timeZone,
    });
    // A conversation it was asked to read and may not (anymore): say so rather than guess without it.
    if (gathered.refusals.length) return finish(deps, row, { type: 'fail_run', reason: REASONS.cannotRead(gathered.refusals) });
    const { tools, notes } = toolsFor(deps, spec);
    const mcp = await openMcpTools(deps, spec.name);
    const result = await deps.model
      .generate({ spec, instructions: row.instructions, previous, context: gathered.blocks, tools: [...tools, ...mcp.tools], notes, limits: deps.config.reading })
      .finally(mcp.close);
    for (const r of result.rejected) {
      await insertRejectedOutput(deps.db, { workItemId: row.id, attempt: r.attempt, raw: r.raw, errors: r.errors });
    }
    if (!result.ok) return finish(deps, row, { type: 'fail_run', reason: result.reason });
    artifact = result.artifact;
    const reads = [...gathered.evidence, ...mcp.evidence, ...result.evidence];
    await deps.db.transaction(async (tx) => {
      const inserted = await insertArtifact(tx, {
        workItemId: row.id,
        version,
        runSeq: row.runSeq,
        specName: spec.name,
        specVersion: spec.version,
        content: result.artifact,
        model: result.model,
        feedback: previous?.feedback ?? null,
        repaired: result.repaired ? 1 : 0,
        unreadCitations: unreadCitations(spec.citations?.(result.artifact) ?? [], reads).length,
      });
      // Another run's artifact already holds this version: its reads stay its own.
      if (inserted) await insertEvidence(tx, row.id, version, reads);
    });
  }
  // Planned now, executed only after this very version is approved (or at once, for an agent the owner lets act).
  const { level } = await trustFor(deps, row.ownerId, row.agent);
  // Text the agent read could have steered its actions: a person reviews first (see mayActAfterReading).
  const reads = await listEvidence(deps.db, row.id, version);
  const autonomy = level === 'act' && !mayActAfterReading(reads, plannedParams(deps, row, artifact)) ? 'propose' : level;
  await planActions(deps, row, version, artifact, autonomy);
  const actions = autonomy === 'act' ? await countSelectedPlanned(deps.db, row.id, version) : 0;
  return finish(deps, row, { type: 'complete_run', version, autonomy, actions });
}

/** The card says so, and the audit trail keeps it: the person waited longer than usual for this one. */
async function recordResumed(deps: Deps, row: WorkItemRow): Promise<void> {
  deps.logger.info(`Resuming the run of item ${row.id} (#${row.runSeq}): its worker stopped renewing its claim.`);
  await deps.db.transaction(async (tx) => {
    await markResumed(tx, row.id, row.runSeq);
    await appendAudit(tx, { workItemId: row.id, actor: 'system', action: 'resume_run', from: row.status, to: row.status, detail: { runSeq: row.runSeq } });
  });
}

/** After the job queue gave up retrying (e.g. the database was away too long): fail visibly, with Retry. */
export async function giveUpRun(deps: Deps, run: { workItemId: string; runSeq: number }, cause: string): Promise<void> {
  const row = await getWorkItem(deps.db, run.workItemId);
  if (!row || row.runSeq !== run.runSeq || !isRunnable(stateOf(row))) return;
  await finish(deps, row, { type: 'fail_run', reason: REASONS.runInterrupted(cause) });
}

async function finish(deps: Deps, row: WorkItemRow, command: Command): Promise<RunOutcome> {
  const done = await transition(deps, row, command, 'agent');
  if (!done) return 'superseded';
  await pauseIfUnreachable(deps, done.row, await publishCard(deps, done.row));
  // The act level approved it by itself: its actions start now (the card is an FYI with Undo).
  if (done.row.status === 'acting') await startActions(deps, done.row, done.queued);
  if (command.type === 'complete_run' && !isOpen(done.row.status)) {
    // An automatic approval frees a WIP slot, like a person's: a scheduled run waiting at the limit may start now.
    await startDeferred(deps, row.ownerId).catch((e) => deps.logger.error(`Deferred runs for ${row.ownerId} not started`, e));
  }
  return command.type === 'complete_run' ? 'completed' : 'failed';
}

async function transition(deps: Deps, row: WorkItemRow, command: Command, actor: string) {
  const decision = decide({ id: row.id, ownerId: row.ownerId, state: stateOf(row) }, command, deps.now());
  if (!decision.ok) return undefined;
  const next = decision.state;
  if (next.status === row.status && command.type === 'start_run') return { row, queued: [] as ItemActionRow[] }; // refining stays refining
  let queued: ItemActionRow[] = [];
  const written = await deps.db.transaction(async (tx) => {
    const written = await updateState(tx, row, next);
    if (written) {
      const auto = (next.status === 'approved' || next.status === 'acting') && next.auto;
      await appendAudit(tx, {
        workItemId: row.id,
        actor,
        action: command.type,
        from: row.status,
        to: next.status,
        detail: command.type === 'fail_run' ? { reason: command.reason } : command.type === 'complete_run' ? { version: command.version, ...(auto ? { auto, actions: command.actions ?? 0 } : {}) } : {},
      });
      if (next.status === 'acting') queued = await queueSelected(tx, row.id, next.version);
      // An automatic approval is still an approval in the agent's track record.
      if (auto) await recordTrustEvent(deps, row.ownerId, row.agent, { type: 'approved' }, tx);
    }
    return written;
  });
  return written && { row: written, queued };
}
