import { allTerminal } from '../../domain/action-plan';
import { decide, type Command } from '../../domain/work-item';
import { listForVersion } from '../../repositories/item-actions';
import { getWorkItem, stateOf, updateState, type WorkItemRow } from '../../repositories/work-items';
import { appendAudit } from '../../repositories/audit';
import { listIdleActing } from '../../repositories/run-claims';
import type { Deps } from '../deps';
import { publishCard } from '../publish-card';

/** After any action changed: when every action of the approved version is terminal the item completes; the card shows progress either way. */
export async function rollUp(deps: Deps, itemId: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const item = await getWorkItem(deps.db, itemId);
    if (!item) return;
    const rows = await listForVersion(deps.db, item.id, item.currentVersion);
    if (item.status !== 'acting' || !allTerminal(rows)) return void (await publishCard(deps, item));
    const finished = await transition(deps, item, { type: 'finish_actions' });
    if (finished) return void (await publishCard(deps, finished));
  }
}

/**
 * Repair: an item whose last action was recorded by a worker that died before rolling the
 * item up stays *acting* with nothing left to run. Such items are completed here.
 */
export async function finishIdleActing(deps: Deps, olderThan: Date): Promise<number> {
  let finished = 0;
  for (const item of await listIdleActing(deps.db, olderThan)) {
    if (!allTerminal(await listForVersion(deps.db, item.id, item.currentVersion))) continue; // the action sweep has them
    await rollUp(deps, item.id);
    finished++;
  }
  return finished;
}

async function transition(deps: Deps, row: WorkItemRow, command: Command): Promise<WorkItemRow | undefined> {
  const decision = decide({ id: row.id, ownerId: row.ownerId, state: stateOf(row) }, command, deps.now());
  if (!decision.ok) return undefined;
  const next = decision.state;
  return deps.db.transaction(async (tx) => {
    const written = await updateState(tx, row, next);
    if (written) await appendAudit(tx, { workItemId: row.id, actor: 'system', action: command.type, from: row.status, to: next.status });
    return written;
  });
}
