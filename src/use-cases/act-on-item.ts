import { decide, isOpen, needsRun, type Command, type Refusal } from '../domain/work-item';
import { AppError } from '../errors/app-error';
import { appendAudit, getWorkItem, stateOf, updateState, type WorkItemRow } from '../repositories/work-items';
import { enqueueOrFail } from './delegate';
import type { Deps } from './deps';
import { publishCard } from './publish-card';
import { startDeferred } from './schedules';
import { recordTrustEvent, type TrustChange } from './trust';
import type { TrustEvent } from '../domain/trust';
import { afterDecision } from './spec-coach';

export type ActResult =
  | { ok: true; row: WorkItemRow; cardError?: AppError; trustChange?: TrustChange }
  | { ok: false; refusal: Refusal | { code: 'item_not_found' }; row?: WorkItemRow };

/**
 * Applies a person's decision (approve, reject, refine, retry, cancel) to an item:
 * decide in the pure core, persist with an optimistic check and an audit row, queue a
 * run if the new state needs one, then refresh the card.
 */
export async function actOnItem(deps: Deps, itemId: string, command: Command): Promise<ActResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = await getWorkItem(deps.db, itemId);
    if (!row) return { ok: false, refusal: { code: 'item_not_found' } };
    const decision = decide({ id: row.id, ownerId: row.ownerId, state: stateOf(row) }, command, deps.now());
    if (!decision.ok) return { ok: false, refusal: decision.refusal, row };
    const next = decision.state;
    let trustChange: TrustChange | undefined;
    const updated = await deps.db.transaction(async (tx) => {
      const written = await updateState(tx, row, next, { bumpRun: needsRun(next) });
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
    try {
      await publishCard(deps, updated);
      return { ok: true, row: updated, trustChange };
    } catch (error) {
      deps.logger.error(`Card refresh failed for item ${row.id}`, error);
      return { ok: true, row: updated, cardError: error instanceof AppError ? error : undefined, trustChange };
    }
  }
  throw new AppError('transition_refused', `Item ${itemId} kept changing under us`, 'That item is changing right now; please try again.');
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
      return { version: command.version };
    default:
      return {};
  }
}
