import { parseLimit, type LimitProblem } from '../domain/wip-policy';
import { countOpen, listOpen } from '../repositories/work-items';
import { getPerson, setWipLimit } from '../repositories/people';
import { statusMessage } from '../views/messages';
import type { Message } from '../views/card';
import { listDeferred } from '../repositories/schedules';
import { toOpenItemView } from './delegate';
import { startDeferred } from './schedules';
import type { Deps } from './deps';
import { trustOverview } from './trust';
import { trustBlocks } from '../views/trust';

export async function statusFor(deps: Deps, userId: string): Promise<Message> {
  const [person, open, deferred, trust] = await Promise.all([
    getPerson(deps.db, userId),
    listOpen(deps.db, userId),
    listDeferred(deps.db, userId),
    trustOverview(deps.db, userId),
  ]);
  const message = statusMessage(
    open.map(toOpenItemView),
    person?.wipLimit ?? deps.config.wipLimit,
    deps.now(),
    deferred.map((s) => ({ agent: s.agent, instructions: s.instructions, since: s.deferredSince!, count: s.deferredCount })),
  );
  // Levels and track records are part of the status: what each agent may do without asking.
  return { ...message, blocks: [...message.blocks, ...trustBlocks(trust, deps.config.trust.promoteAfter)] };
}

/** `/delegate limit [n]`: the limit as it is or now is, or why `raw` was refused. `limitResultMessage` words it. */
export type LimitResult = { kind: 'current' | 'changed'; limit: number; open: number } | { kind: 'invalid'; problem: LimitProblem };

export async function changeLimit(deps: Deps, userId: string, teamId: string | null, raw: string | null): Promise<LimitResult> {
  const open = await countOpen(deps.db, userId);
  if (raw === null) {
    const person = await getPerson(deps.db, userId);
    return { kind: 'current', limit: person?.wipLimit ?? deps.config.wipLimit, open };
  }
  const parsed = parseLimit(raw);
  if (!parsed.ok) return { kind: 'invalid', problem: parsed.problem };
  await setWipLimit(deps.db, userId, teamId, parsed.limit);
  await startDeferred(deps, userId); // a higher limit may make room for waiting scheduled runs
  return { kind: 'changed', limit: parsed.limit, open };
}
