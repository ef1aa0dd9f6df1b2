import { agentNames } from '../../specs/index';
import { DEFAULT_TRUST, evolveTrust, offersPromotion, type TrustChange, type TrustDecision, type TrustEvent, type TrustRecord } from '../domain/trust';
import { getTrust, listTrust, lockTrust, saveTrust, toRecord } from '../repositories/trust';
import type { DbOrTx, Tx } from '../db/database';
import type { Deps } from './deps';
import type { Message } from '../views/card';
import { errorMessage, trustChangeMessage } from '../views/messages';
import { trustMessage } from '../views/trust';
import { escapeMrkdwn, mrkdwn } from '../views/kit';

const code = (text: string) => mrkdwn`\`${escapeMrkdwn(text)}\``;

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
    if (decision.ok) await saveTrust(t, userId, agent, decision.record, decision.change);
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
): Promise<Message> {
  const threshold = deps.config.trust.promoteAfter;
  if (agent && !agents.includes(agent)) {
    return errorMessage(mrkdwn`There is no agent called ${code(agent)}. Available: ${escapeMrkdwn(agents.map((a) => `\`${a}\``).join(', '))}.`);
  }
  if (!agent || !level) {
    const rows = (await trustOverview(deps.db, userId)).filter((r) => !agent || r.agent === agent);
    return trustMessage(rows, threshold);
  }
  if (level === 'act') {
    const record = await trustFor(deps, userId, agent);
    return errorMessage(
      record.level === 'act'
        ? mrkdwn`${code(agent)} already acts without asking.`
        : mrkdwn`${code(agent)} is promoted to act only from one of its cards, after ${threshold} approvals in a row (it has ${record.streak}). That keeps the decision next to the work it is based on.`,
    );
  }
  if (level !== 'observe' && level !== 'propose') return errorMessage(mrkdwn`The levels are \`observe\`, \`propose\` and \`act\`, e.g. \`/delegate trust research observe\`.`);
  const decision = await setLevel(deps, userId, agent, level);
  if (!decision.ok) return errorMessage(mrkdwn`${code(agent)} already ${level === 'observe' ? mrkdwn`only observes` : mrkdwn`proposes`}. Nothing changed.`);
  return decision.change ? trustChangeMessage(agent, decision.change) : errorMessage(mrkdwn`Nothing changed.`);
}
