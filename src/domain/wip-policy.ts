/** WIP admission: pure. The caller counts open items under a per-person lock. */
export type Admission =
  | { admitted: true; open: number; limit: number }
  | { admitted: false; open: number; limit: number };

export function admit(open: number, limit: number): Admission {
  return open < limit ? { admitted: true, open: open + 1, limit } : { admitted: false, open, limit };
}

export const LIMIT_MIN = 1;
export const LIMIT_MAX = 50;

export type LimitParse = { ok: true; limit: number } | { ok: false; message: string };

export function parseLimit(raw: string): LimitParse {
  const trimmed = raw.trim();
  if (!/^\d+$/.test(trimmed)) {
    return { ok: false, message: `The limit must be a whole number from ${LIMIT_MIN} to ${LIMIT_MAX}, e.g. \`/delegate limit 5\`.` };
  }
  const limit = Number(trimmed);
  if (limit < LIMIT_MIN || limit > LIMIT_MAX) {
    return { ok: false, message: `The limit must be from ${LIMIT_MIN} to ${LIMIT_MAX}; you asked for ${limit}.` };
  }
  return { ok: true, limit };
}
