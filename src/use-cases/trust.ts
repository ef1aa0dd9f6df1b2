import { agentNames } from '../../specs/index';
import { DEFAULT_TRUST, evolveTrust, offersPromotion, type TrustChange, type TrustDecision, type TrustEvent, type TrustRecord } from '../domain/trust';
import { getTrust, listTrust, lockTrust, saveTrust, toRecord } from '../repositories/trust';
import type { DbOrTx, Tx } from '../db/database';
import type { Deps } from './deps';
import type { TrustCommandResult } from '../views/trust';
import { trustCauseText } from '../views/autonomy';

/**
 * Trust is earned by the agents people delegate to. Built-in agents (the spec-coach) always
 * propose: an approved proposal is applied on the person's own Approve, never automatically.
 */
function earnsTrust(agent: string): boolean {
  return agentNames.includes(agent);
}

/** The person's trust in an agent (the default, propose, when they have no record yet). */
export async function trustFor(deps: Pick<Deps, 'db'>, userId: string, agent: string): Promise<TrustRecord> {
  if (!earnsTrust(agent)) return { ...DEFAULT_TRUST };
  return toRecord(await getTrust(deps.db, userId, agent));
}

export function promotionOffered(deps: Pick<Deps, 'config'>, record: TrustRecord): boolean {
  return offersPromotion(record, deps.config.trust.promoteAfter);
}

/**
 * Records a review outcome (or a level change) in the person's trust record, inside the
 * caller's transaction when there is one, so a decision and its trust effect commit together.
 */
export async function recordTrustEvent(
  deps: Pick<Deps, 'db'>,
  userId: string,
  agent: string,
  event: TrustEvent,
  tx?: Tx,
): Promise<TrustDecision> {
  if (!earnsTrust(agent)) return event.type === 'promote' ? { ok: false, refusal: { code: 'not_earned', streak: 0, threshold: event.threshold } } : { ok: true, record: { ...DEFAULT_TRUST } };
  const run = async (t: Tx) => {
    const decision = evolveTrust(toRecord(await lockTrust(t, userId, agent)), event);
    // The reason is kept as words, so Home and `/delegate trust` read the same after a deploy.
    if (decision.ok) await saveTrust(t, userId, agent, decision.record, decision.change && trustCauseText(decision.change.cause));
    return decision;
  };
  return tx ? run(tx) : deps.db.transaction(run);
}

/** "Let <agent> act without asking next time?": applied only on the owner's click, and only when earned. */
export async function promote(deps: Pick<Deps, 'db' | 'config'>, userId: string, agent: string): Promise<TrustDecision> {
  return recordTrustEvent(deps, userId, agent, { type: 'promote', threshold: deps.config.trust.promoteAfter });
}

export async function setLevel(deps: Pick<Deps, 'db'>, userId: string, agent: string, level: 'observe' | 'propose'): Promise<TrustDecision> {
  return recordTrustEvent(deps, userId, agent, { type: 'set_level', level });
}

export async function trustOverview(db: DbOrTx, userId: string) {
  return (await listTrust(db, userId)).map((row) => ({ agent: row.agent, record: toRecord(row), reason: row.levelReason, changedAt: row.levelChangedAt }));
}

export type { TrustChange };

/** `/delegate trust [agent level]`: show the track records, or step an agent down to observe or propose. */
export async function trustCommand(
  deps: Pick<Deps, 'db' | 'config'>,
  userId: string,
  agents: readonly string[],
  agent: string | null,
  level: string | null,
): Promise<TrustCommandResult> {
  const threshold = deps.config.trust.promoteAfter;
  if (agent && !agents.includes(agent)) return { kind: 'unknown_agent', agent, agents };
  if (!agent || !level) {
    const rows = (await trustOverview(deps.db, userId)).filter((r) => !agent || r.agent === agent);
    return { kind: 'overview', rows, threshold };
  }
  if (level === 'act') {
    const record = await trustFor(deps, userId, agent);
    return record.level === 'act' ? { kind: 'already_acts', agent } : { kind: 'act_only_from_card', agent, threshold, streak: record.streak };
  }
  if (level !== 'observe' && level !== 'propose') return { kind: 'unknown_level' };
  const decision = await setLevel(deps, userId, agent, level);
  return decision.ok && decision.change ? { kind: 'changed', agent, change: decision.change } : { kind: 'unchanged', agent, level };
}
