/** WIP admission: pure. The caller counts open items under a per-person lock. */
export type Admission =
  | { admitted: true; open: number; limit: number }
  | { admitted: false; open: number; limit: number };

export function admit(open: number, limit: number): Admission {
  return open < limit ? { admitted: true, open: open + 1, limit } : { admitted: false, open, limit };
}

export const LIMIT_MIN = 1;
export const LIMIT_MAX = 50;

/** Why a limit was refused; views/settings.ts words it. */
export type LimitProblem = { code: 'not_whole_number' } | { code: 'out_of_range'; asked: number };

export type LimitParse = { ok: true; limit: number } | { ok: false; problem: LimitProblem };

export function parseLimit(raw: string): LimitParse {
  const trimmed = raw.trim();
  if (!/^\d+$/.test(trimmed)) return { ok: false, problem: { code: 'not_whole_number' } };
  const limit = Number(trimmed);
  if (limit < LIMIT_MIN || limit > LIMIT_MAX) return { ok: false, problem: { code: 'out_of_range', asked: limit } };
  return { ok: true, limit };
}
