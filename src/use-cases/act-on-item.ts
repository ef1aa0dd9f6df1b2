import { decide, isOpen, needsRun, type Command, type Refusal } from '../domain/work-item';
import { AppError } from '../errors/app-error';
import { getWorkItem, stateOf, updateState, type WorkItemRow } from '../repositories/work-items';
import { appendAudit } from '../repositories/audit';
import { countSelectedPlanned, queueSelected, type ItemActionRow } from '../repositories/item-actions';
import { startActions } from './actions/run';
import { undoActions, type UndoProblem } from './actions/undo';
import { enqueueOrFail } from './delegate';
import type { Deps } from './deps';
import { publishCard } from './publish-card';
import { startDeferred } from './schedules';
import { recordTrustEvent, type TrustChange } from './trust';
import type { TrustEvent } from '../domain/trust';
import { afterDecision } from './spec-coach';

export type ActResult =
  | { ok: true; row: WorkItemRow; cardError?: AppError; trustChange?: TrustChange; undoProblems?: UndoProblem[] }
  | { ok: false; refusal: Refusal | { code: 'item_not_found' }; row?: WorkItemRow };

/**
 * Applies a person's decision (approve, reject, refine, retry, cancel) to an item:
 * decide in the pure core, persist with an optimistic check and an audit row, queue a
 * run if the new state needs one, then refresh the card.
 */
export async function actOnItem(deps: Deps, itemId: string, requested: Command): Promise<ActResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = await getWorkItem(deps.db, itemId);
    if (!row) return { ok: false, refusal: { code: 'item_not_found' } };
    // Approving runs the version's ticked actions: the core needs to know whether there are any.
    const command: Command =
      requested.type === 'approve' ? { ...requested, actions: await countSelectedPlanned(deps.db, row.id, requested.version) } : requested;
    const decision = decide({ id: row.id, ownerId: row.ownerId, state: stateOf(row) }, command, deps.now());
    if (!decision.ok) return { ok: false, refusal: decision.refusal, row };
    const next = decision.state;
    let queued: ItemActionRow[] = [];
    let trustChange: TrustChange | undefined;
    const updated = await deps.db.transaction(async (tx) => {
      const written = await updateState(tx, row, next, { bumpRun: needsRun(next) });
      // The approval and the queueing of exactly that version's ticked actions commit together.
      if (written && next.status === 'acting') queued = await queueSelected(tx, row.id, next.version);
      if (written) {
        await appendAudit(tx, {
          workItemId: row.id,
          actor: 'actor' in command ? command.actor : 'system',
          action: command.type,
          from: row.status,
          to: next.status,
          detail: detailOf(command),
        });
        // The decision and its effect on the agent's track record commit together.
        const event = trustEventOf(command);
        if (event) {
          const trust = await recordTrustEvent(deps, row.ownerId, row.agent, event, tx);
          if (trust.ok) trustChange = trust.change;
        }
      }
      return written;
    });
    if (!updated) continue; // someone else changed it first: decide again on fresh state
    if (needsRun(next)) await enqueueOrFail(deps, updated);
    if (!isOpen(next.status)) {
      // A slot just freed: a scheduled run waiting at the limit may start now.
      await startDeferred(deps, row.ownerId).catch((e) => deps.logger.error(`Deferred runs for ${row.ownerId} not started`, e));
    }
    // Spec-coach: a recurring theme proposes a spec change; an approved proposal applies. Never undoes the decision.
    await afterDecision(deps, updated, command).catch((e) => deps.logger.error(`Spec-coach step after ${command.type} on ${row.id} failed`, e));
    // Undo takes back what the actions posted before the card shows the version for review again.
    const undoProblems = command.type === 'undo' ? await undoActions(deps, updated) : [];
    let cardError: AppError | undefined;
    try {
      await publishCard(deps, updated);
    } catch (error) {
      deps.logger.error(`Card refresh failed for item ${row.id}`, error);
      cardError = error instanceof AppError ? error : undefined;
    }
    // After the card says "acting": the jobs refresh it as each action ends.
    if (next.status === 'acting') await startActions(deps, updated, queued);
    return {
      ok: true,
      row: updated,
      ...(cardError ? { cardError } : {}),
      ...(trustChange ? { trustChange } : {}),
      ...(undoProblems.length ? { undoProblems } : {}),
    };
  }
  throw new AppError('transition_refused', `Item ${itemId} kept changing under us`); // worded by code in views/errors.ts
}

function trustEventOf(command: Command): TrustEvent | undefined {
  switch (command.type) {
    case 'approve':
      return { type: 'approved' };
    case 'refine':
      return { type: 'refined' };
    case 'reject':
      return { type: 'rejected' };
    case 'undo':
      return { type: 'undone' };
    default:
      return undefined;
  }
}

function detailOf(command: Command): object {
  switch (command.type) {
    case 'reject':
      return { version: command.version, reason: command.reason };
    case 'refine':
      return { version: command.version, feedback: command.feedback };
    case 'approve':
      return { version: command.version, actions: command.actions ?? 0 };
    default:
      return {};
  }
}
