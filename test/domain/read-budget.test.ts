import { describe, expect, it } from 'vitest';
import { budgetState, type ReadLimits } from '../../src/domain/read-budget';

const limits: ReadLimits = { maxCalls: 3, maxBytes: 1_000, maxMs: 10_000 };

describe('budgetState', () => {
  it.each([
    [{ calls: 0, bytes: 0, startedAt: 0 }, 0, { ok: true, callsLeft: 3, bytesLeft: 1_000 }],
    [{ calls: 2, bytes: 999, startedAt: 0 }, 9_999, { ok: true, callsLeft: 1, bytesLeft: 1 }],
    [{ calls: 3, bytes: 0, startedAt: 0 }, 0, { ok: false, spent: 'calls' }],
    [{ calls: 1, bytes: 1_000, startedAt: 0 }, 0, { ok: false, spent: 'bytes' }],
    [{ calls: 1, bytes: 5_000, startedAt: 0 }, 0, { ok: false, spent: 'bytes' }],
    [{ calls: 1, bytes: 0, startedAt: 1_000 }, 11_000, { ok: false, spent: 'time' }],
    [{ calls: 9, bytes: 9_999, startedAt: 0 }, 99_999, { ok: false, spent: 'calls' }],
  ])('%j at %d → %j', (used, now, expected) => {
    expect(budgetState(limits, used, now)).toEqual(expected);
  });
});
