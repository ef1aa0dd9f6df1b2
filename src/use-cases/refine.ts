import type { SpecVersionRow } from '../repositories/spec-versions';
import { actOnItem, type ActResult } from './act-on-item';
import { checkCanAct } from './check-can-act';
import type { Deps } from './deps';
import type { RuleNotAdded } from '../views/spec-messages';
import { tightenSpec } from './specs';

export interface RefineResult {
  result: ActResult;
  /** With "Make this a rule": the new version, or why no version was made (the refine still runs). */
  rule?: { ok: true; version: SpecVersionRow; change: string } | ({ ok: false } & RuleNotAdded);
}

/**
 * Refine, and with "Make this a rule" the feedback first becomes a free-text rule on a new
 * spec version for the person (source refine_rule), so the refinement already runs with it.
 */
export async function refineItem(
  deps: Deps,
  input: { itemId: string; version: number; actor: string; feedback: string; asRule: boolean },
): Promise<RefineResult> {
  const command = { type: 'refine', actor: input.actor, version: input.version, feedback: input.feedback } as const;
  // A rule only comes with a refine the core accepts (the owner's, on the current version); otherwise the usual refusal.
  const check = input.asRule ? await checkCanAct(deps, input.itemId, command) : undefined;
  if (!check?.ok) return { result: await actOnItem(deps, input.itemId, command) };
  const row = check.row;
  if (row.aboutAgent !== null) {
    return { result: await actOnItem(deps, input.itemId, command), rule: { ok: false, why: 'spec_coach_proposal' } };
  }
  const tightened = await tightenSpec(deps, {
    userId: input.actor,
    agent: row.agent,
    request: { changes: [], rule: input.feedback },
    everyone: false,
    source: 'refine_rule',
  });
  const rule = tightened.ok
    ? ({ ok: true, version: tightened.version, change: tightened.change } as const)
    : ({ ok: false, why: 'invalid', errors: tightened.errors } as const);
  return { result: await actOnItem(deps, input.itemId, command), rule };
}
