import { getSpec } from '../../../specs/index';
import type { ActionRefusal } from '../../domain/action-plan';
import { notOwner } from '../../domain/ownership';
import { listForVersion, replacePlannedPublish, setSelection } from '../../repositories/item-actions';
import { getWorkItem, setPublishChannel, type WorkItemRow } from '../../repositories/work-items';
import { getArtifact } from '../../repositories/artifacts';
import type { Deps } from '../deps';
import { publishCard } from '../publish-card';
import { planContext } from './plan';

/** How many plan rows one checkboxes element holds (Slack allows 10 options). */
export const PLAN_CHUNK = 10;

export type ActionCommandResult = { ok: true } | { ok: false; refusal: ActionRefusal };

/** Ticks and unticks the plan rows of one checkboxes element on the card. */
export async function selectActions(
  deps: Deps,
  actor: string,
  ref: { itemId: string; version: number; chunk: number },
  selectedIds: readonly string[],
): Promise<ActionCommandResult> {
  const item = await openPlan(deps, actor, ref.itemId, ref.version);
  if (!item.ok) return item;
  // The same rows, in the same order, as the card's checkbox groups (only plannable ones change).
  const rows = await listForVersion(deps.db, ref.itemId, ref.version);
  const shown = rows.slice(ref.chunk * PLAN_CHUNK, (ref.chunk + 1) * PLAN_CHUNK).map((r) => r.id);
  await setSelection(deps.db, ref.itemId, ref.version, shown, selectedIds.filter((id) => shown.includes(id)));
  await publishCard(deps, item.row);
  return { ok: true };
}

/** The person chose where to publish: the item remembers it and the current version's publish row is planned again. */
export async function choosePublishChannel(
  deps: Deps,
  actor: string,
  ref: { itemId: string; version: number },
  channelId: string,
): Promise<ActionCommandResult> {
  const item = await openPlan(deps, actor, ref.itemId, ref.version);
  if (!item.ok) return item;
  const spec = getSpec(item.row.agent);
  const artifact = await getArtifact(deps.db, ref.itemId, ref.version);
  if (!spec?.actions || !artifact) return { ok: false, refusal: { code: 'plan_closed' } };
  // One transaction, the item's row locked by the conditional update: an approval committing
  // meanwhile either comes first (the plan is closed: refused) or waits and queues the new row.
  const updated = await deps.db.transaction(async (tx) => {
    const row = await setPublishChannel(tx, ref.itemId, channelId, { status: 'awaiting_review', version: ref.version });
    if (!row) return undefined;
    const plan = spec.actions!(artifact.content, planContext(deps, row, () => ({ ok: false, why: 'unknown' })));
    await replacePlannedPublish(tx, ref.itemId, ref.version, plan.actions.find((a) => a.kind === 'publish'));
    return row;
  });
  if (!updated) return { ok: false, refusal: { code: 'plan_closed' } };
  await publishCard(deps, updated);
  return { ok: true };
}

/** The plan can change only while its owner reviews that very version. */
async function openPlan(deps: Deps, actor: string, itemId: string, version: number): Promise<{ ok: true; row: WorkItemRow } | { ok: false; refusal: ActionRefusal }> {
  const row = await getWorkItem(deps.db, itemId);
  if (!row) return { ok: false, refusal: { code: 'item_not_found' } };
  const notYours = notOwner(row, actor);
  if (notYours) return { ok: false, refusal: notYours };
  if (row.status !== 'awaiting_review' || row.currentVersion !== version) return { ok: false, refusal: { code: 'plan_closed' } };
  return { ok: true, row };
}
