import { describe, expect, it } from 'vitest';
import { DEFAULT_TRUST, evolveTrust, offersPromotion, type TrustCause, type TrustEvent, type TrustRecord } from '../../src/domain/trust';

const buildTrust = (overrides: Partial<TrustRecord> = {}): TrustRecord => ({ ...DEFAULT_TRUST, ...overrides });
const THRESHOLD = 5;

describe('evolveTrust: the table', () => {
  it.each<[string, TrustRecord, TrustEvent, Partial<TrustRecord> | 'refused', string | null]>([
    ['approve grows the streak', buildTrust({ streak: 2, approvals: 7 }), { type: 'approved' }, { streak: 3, approvals: 8, level: 'propose' }, null],
    ['refine resets the streak, keeps the level', buildTrust({ streak: 4 }), { type: 'refined' }, { streak: 0, refines: 1, level: 'propose' }, null],
    ['reject at propose resets, no level change', buildTrust({ streak: 4 }), { type: 'rejected' }, { streak: 0, rejects: 1, level: 'propose' }, null],
    ['reject at act demotes to propose', buildTrust({ level: 'act', streak: 9 }), { type: 'rejected' }, { streak: 0, level: 'propose' }, 'act→propose'],
    ['undo at act demotes to propose', buildTrust({ level: 'act', streak: 9 }), { type: 'undone' }, { streak: 0, undos: 1, level: 'propose' }, 'act→propose'],
    ['reject at observe stays observe', buildTrust({ level: 'observe' }), { type: 'rejected' }, { level: 'observe' }, null],
    ['promote with a streak of N', buildTrust({ streak: 5 }), { type: 'promote', threshold: THRESHOLD }, { level: 'act', streak: 5 }, 'propose→act'],
    ['promote with a streak below N is refused', buildTrust({ streak: 4 }), { type: 'promote', threshold: THRESHOLD }, 'refused', null],
    ['promote from observe is refused', buildTrust({ level: 'observe', streak: 9 }), { type: 'promote', threshold: THRESHOLD }, 'refused', null],
    ['promote at act is refused', buildTrust({ level: 'act', streak: 9 }), { type: 'promote', threshold: THRESHOLD }, 'refused', null],
    ['set observe', buildTrust({ streak: 3 }), { type: 'set_level', level: 'observe' }, { level: 'observe', streak: 3 }, 'propose→observe'],
    ['set propose from act', buildTrust({ level: 'act' }), { type: 'set_level', level: 'propose' }, { level: 'propose' }, 'act→propose'],
    ['set the level it has is refused', buildTrust(), { type: 'set_level', level: 'propose' }, 'refused', null],
  ])('%s', (_name, record, event, expected, change) => {
    const decision = evolveTrust(record, event);
    if (expected === 'refused') {
      expect(decision.ok).toBe(false);
      return;
    }
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect(decision.record).toMatchObject(expected);
    expect(decision.change ? `${decision.change.from}→${decision.change.to}` : null).toBe(change);
  });

  it.each<[string, TrustRecord, TrustEvent, TrustCause]>([
    ['a reject demotes', buildTrust({ level: 'act' }), { type: 'rejected' }, { code: 'rejected' }],
    ['an undo demotes', buildTrust({ level: 'act' }), { type: 'undone' }, { code: 'undone' }],
    ['a promotion counts the streak', buildTrust({ streak: 6 }), { type: 'promote', threshold: THRESHOLD }, { code: 'promoted', streak: 6 }],
    ['the owner sets it', buildTrust(), { type: 'set_level', level: 'observe' }, { code: 'set_by_owner' }],
  ])('a level change says why: %s', (_name, record, event, cause) => {
    expect(evolveTrust(record, event)).toMatchObject({ ok: true, change: { cause } });
  });
});

describe('offersPromotion', () => {
  it.each<[TrustRecord, boolean]>([
    [buildTrust({ streak: 4 }), false],
    [buildTrust({ streak: 5 }), true],
    [buildTrust({ streak: 12 }), true],
    [buildTrust({ level: 'act', streak: 12 }), false],
    [buildTrust({ level: 'observe', streak: 12 }), false],
  ])('%o → %s', (record, expected) => {
    expect(offersPromotion(record, THRESHOLD)).toBe(expected);
  });
});
