/**
 * Trust, earned per person and agent. Pure: no I/O.
 *   observe: the artifact only, no actions offered
 *   propose: actions wait for approval (the default)
 *   act:     actions run at once; the card is an FYI with a short undo window
 * Promotion to act happens only by the owner's explicit click, and only once the agent has a
 * streak of approvals; a reject or an undo demotes an acting agent back to propose.
 */
import type { Autonomy } from './work-item';

export type { Autonomy };

export interface TrustRecord {
  level: Autonomy;
  /** Approvals in a row without a refine, reject or undo. */
  streak: number;
  approvals: number;
  refines: number;
  rejects: number;
  undos: number;
}

export const DEFAULT_TRUST: TrustRecord = { level: 'propose', streak: 0, approvals: 0, refines: 0, rejects: 0, undos: 0 };

export type TrustEvent =
  | { type: 'approved' }
  | { type: 'refined' }
  | { type: 'rejected' }
  | { type: 'undone' }
  | { type: 'promote'; threshold: number }
  | { type: 'set_level'; level: 'observe' | 'propose' };

/** Why a level changed; views/autonomy.ts words it (and the words are kept with the record). */
export type TrustCause = { code: 'rejected' } | { code: 'undone' } | { code: 'promoted'; streak: number } | { code: 'set_by_owner' };

export interface TrustChange {
  from: Autonomy;
  to: Autonomy;
  cause: TrustCause;
}

export type TrustRefusal = { code: 'not_earned'; streak: number; threshold: number } | { code: 'already'; level: Autonomy };

export type TrustDecision =
  | { ok: true; record: TrustRecord; change?: TrustChange }
  | { ok: false; refusal: TrustRefusal };

export function evolveTrust(r: TrustRecord, event: TrustEvent): TrustDecision {
  const to = (level: Autonomy, cause: TrustCause, record: TrustRecord): TrustDecision =>
    level === r.level ? { ok: true, record } : { ok: true, record: { ...record, level }, change: { from: r.level, to: level, cause } };
  switch (event.type) {
    case 'approved':
      return { ok: true, record: { ...r, approvals: r.approvals + 1, streak: r.streak + 1 } };
    case 'refined':
      return { ok: true, record: { ...r, refines: r.refines + 1, streak: 0 } };
    case 'rejected':
      return to(r.level === 'act' ? 'propose' : r.level, { code: 'rejected' }, { ...r, rejects: r.rejects + 1, streak: 0 });
    case 'undone':
      return to(r.level === 'act' ? 'propose' : r.level, { code: 'undone' }, { ...r, undos: r.undos + 1, streak: 0 });
    case 'promote':
      if (r.level === 'act') return { ok: false, refusal: { code: 'already', level: r.level } };
      if (!offersPromotion(r, event.threshold)) return { ok: false, refusal: { code: 'not_earned', streak: r.streak, threshold: event.threshold } };
      return to('act', { code: 'promoted', streak: r.streak }, r);
    case 'set_level':
      if (event.level === r.level) return { ok: false, refusal: { code: 'already', level: r.level } };
      return to(event.level, { code: 'set_by_owner' }, r);
    default: {
      const never: never = event;
      throw new Error(`Unknown trust event ${JSON.stringify(never)}`);
    }
  }
}

/** "Let <agent> act without asking next time?" is offered to a proposing agent with a long enough streak. */
export function offersPromotion(r: TrustRecord, threshold: number): boolean {
  return r.level === 'propose' && r.streak >= threshold;
}
