import { notOwner, type NotOwner } from '../domain/ownership';
import type { TrustChange, TrustRefusal } from '../domain/trust';
import { getWorkItem } from '../repositories/work-items';
import type { Deps } from './deps';
import { publishCard } from './publish-card';
import { promote } from './trust';

export type PromoteResult =
  | { ok: true; agent: string; change: TrustChange }
  | { ok: false; refusal: TrustRefusal | { code: 'item_not_found' } | NotOwner };

/**
 * "Let <agent> act without asking next time?" clicked on a card: only the card's owner,
 * and only when earned (the core checks the streak again). The card drops the offer.
 */
export async function promoteFromCard(deps: Deps, actor: string, itemId: string): Promise<PromoteResult> {
  const row = await getWorkItem(deps.db, itemId);
  if (!row) return { ok: false, refusal: { code: 'item_not_found' } };
  const notYours = notOwner(row, actor);
  if (notYours) return { ok: false, refusal: notYours };
  const decision = await promote(deps, actor, row.agent);
  await publishCard(deps, row);
  if (!decision.ok) return { ok: false, refusal: decision.refusal };
  return decision.change ? { ok: true, agent: row.agent, change: decision.change } : { ok: false, refusal: { code: 'already', level: 'act' } };
}
