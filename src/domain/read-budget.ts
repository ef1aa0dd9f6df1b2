/**
 * How much an agent may read in one run. When a limit is reached the model is told so and
 * must answer with what it has; nothing is cut silently.
 */
export interface ReadLimits {
  maxCalls: number;
  maxBytes: number;
  maxMs: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { maxCalls: 8, maxBytes: 200_000, maxMs: 120_000 };

export interface ReadUsage {
  calls: number;
  bytes: number;
  startedAt: number;
}

export type BudgetState = { ok: true; callsLeft: number; bytesLeft: number } | { ok: false; spent: 'calls' | 'bytes' | 'time' };

export function budgetState(limits: ReadLimits, used: ReadUsage, now: number): BudgetState {
  if (used.calls >= limits.maxCalls) return { ok: false, spent: 'calls' };
  if (used.bytes >= limits.maxBytes) return { ok: false, spent: 'bytes' };
  if (now - used.startedAt >= limits.maxMs) return { ok: false, spent: 'time' };
  return { ok: true, callsLeft: limits.maxCalls - used.calls, bytesLeft: limits.maxBytes - used.bytes };
}
