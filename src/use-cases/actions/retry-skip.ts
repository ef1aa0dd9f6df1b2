import type { ActionRefusal } from '../../domain/action-plan';
import { notOwner } from '../../domain/ownership';
import { getAction, requeueFailed, skipFailed, type ItemActionRow } from '../../repositories/item-actions';
import { getWorkItem, type WorkItemRow } from '../../repositories/work-items';
import type { Deps } from '../deps';
import type { ActionCommandResult } from './choose';
import { rollUp } from './roll-up';
import { startActions } from './run';

/** After a failure: run that one action again. */
export async function retryAction(deps: Deps, actor: string, actionId: string): Promise<ActionCommandResult> {
  const checked = await ownFailedAction(deps, actor, actionId);
  if (!checked.ok) return checked;
  const queued = await requeueFailed(deps.db, actionId);
  if (!queued) return { ok: false, refusal: { code: 'action_not_failed' } };
  await startActions(deps, checked.item, [queued]);
  return { ok: true };
}

/** After a failure: give up on that one action; the rest of the item goes on. */
export async function skipAction(deps: Deps, actor: string, actionId: string): Promise<ActionCommandResult> {
  const checked = await ownFailedAction(deps, actor, actionId);
  if (!checked.ok) return checked;
  if (!(await skipFailed(deps.db, actionId))) return { ok: false, refusal: { code: 'action_not_failed' } };
  await rollUp(deps, checked.item.id);
  return { ok: true };
}

async function ownFailedAction(
  deps: Deps,
  actor: string,
  actionId: string,
): Promise<{ ok: true; item: WorkItemRow; action: ItemActionRow } | { ok: false; refusal: ActionRefusal }> {
  const action = await getAction(deps.db, actionId);
  const item = action && (await getWorkItem(deps.db, action.workItemId));
  if (!action || !item) return { ok: false, refusal: { code: 'item_not_found' } };
  const notYours = notOwner(item, actor);
  if (notYours) return { ok: false, refusal: notYours };
  if ((item.status !== 'acting' && item.status !== 'completed') || item.currentVersion !== action.version) {
    return { ok: false, refusal: { code: 'plan_closed' } };
  }
  if (action.status !== 'failed') return { ok: false, refusal: { code: 'action_not_failed' } };
  return { ok: true, item, action };
}
