import { decide, type Command, type Refusal } from '../domain/work-item';
import { getWorkItem, stateOf, type WorkItemRow } from '../repositories/work-items';
import type { Deps } from './deps';

/** Asks the pure core whether a command would be accepted, without changing anything (before opening a modal). */
export async function checkCanAct(
  deps: Deps,
  itemId: string,
  command: Command,
): Promise<{ ok: true; row: WorkItemRow } | { ok: false; refusal: Refusal | { code: 'item_not_found' } }> {
  const row = await getWorkItem(deps.db, itemId);
  if (!row) return { ok: false, refusal: { code: 'item_not_found' } };
  const decision = decide({ id: row.id, ownerId: row.ownerId, state: stateOf(row) }, command, deps.now());
  return decision.ok ? { ok: true, row } : { ok: false, refusal: decision.refusal };
}
