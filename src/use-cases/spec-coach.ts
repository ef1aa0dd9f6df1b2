import { SPEC_COACH, specCoachArtifact } from '../../specs/spec-coach';
import { coachInstructions, findTheme, THEME_WINDOW_MS } from '../domain/feedback-themes';
import { APPROVED_STATUSES, type Command } from '../domain/work-item';
import { feedbackSince, latestProposal } from '../repositories/feedback';
import { type WorkItemRow } from '../repositories/work-items';
import { getArtifact } from '../repositories/artifacts';
import { describeConstraints } from '../views/spec-constraints';
import { proposalAppliedMessage } from '../views/spec-messages';
import { delegate } from './delegate';
import type { Deps } from './deps';
import { resolveSpec, tightenableFields, tightenSpec } from './specs';

/**
 * After a person's decision on an item: a refine or reject may complete a theme (three
 * related pieces of feedback in 30 days), which delegates a spec-change proposal to the
 * built-in spec-coach; approving such a proposal applies it as a new spec version.
 */
export async function afterDecision(deps: Deps, row: WorkItemRow, command: Command): Promise<void> {
  if (row.agent === SPEC_COACH) {
    if (command.type !== 'approve' || !(APPROVED_STATUSES as readonly string[]).includes(row.status)) return;
    try {
      await applyProposal(deps, row);
    } catch (error) {
      // The approval stands; the person must still learn that the change did not happen.
      deps.logger.error(`Applying spec-coach proposal ${row.id} failed`, error);
      const reason = error instanceof Error ? error.message : String(error);
      await deps.slack.tell({ userId: row.ownerId, channelId: row.cardChannelId ?? undefined }, proposalAppliedMessage({ kind: 'failed', reason }));
    }
    return;
  }
  if (command.type === 'refine' || command.type === 'reject') await proposeIfThemed(deps, row);
}

export type ProposalOutcome = 'no_theme' | 'at_limit' | 'proposed';

export async function proposeIfThemed(deps: Deps, row: WorkItemRow): Promise<ProposalOutcome> {
  const now = deps.now();
  const last = await latestProposal(deps.db, row.ownerId, SPEC_COACH, row.agent);
  const windowStart = new Date(now.getTime() - THEME_WINDOW_MS);
  const since = last && last.createdAt > windowStart ? last.createdAt : windowStart;
  const theme = findTheme(await feedbackSince(deps.db, row.ownerId, row.agent, since), now, since);
  if (!theme) return 'no_theme';
  const effective = await resolveSpec(deps, row.ownerId, row.agent);
  if (!effective) return 'no_theme';
  const instructions = coachInstructions({
    agent: row.agent,
    version: effective.spec.version,
    fields: tightenableFields(effective.spec).map((f) => ({ path: f.path, kinds: f.kinds, bounds: bounds(f) })),
    inForce: describeConstraints(effective.constraints), // the words the person sees in the Tighten modal, so a proposal matches them
    theme,
  });
  const result = await delegate(deps, {
    userId: row.ownerId,
    teamId: row.teamId,
    channelId: row.cardChannelId ?? row.channelId,
    agent: SPEC_COACH,
    instructions,
    source: 'coach',
    aboutAgent: row.agent,
  });
  // At the WIP limit nothing is proposed; the next matching refine or reject tries again.
  return result.kind === 'accepted' ? 'proposed' : 'at_limit';
}

/** Applies an approved proposal for its owner; an invalid one leaves the spec as it is, and says why. */
async function applyProposal(deps: Deps, row: WorkItemRow): Promise<void> {
  const to = { userId: row.ownerId, channelId: row.cardChannelId ?? undefined };
  const artifact = await getArtifact(deps.db, row.id, row.currentVersion);
  const proposal = specCoachArtifact.safeParse(artifact?.content);
  if (!row.aboutAgent || !proposal.success) {
    return deps.slack.tell(to, proposalAppliedMessage({ kind: 'unreadable' }));
  }
  const result = await tightenSpec(deps, {
    userId: row.ownerId,
    agent: row.aboutAgent, // the item says which agent, whatever the model wrote
    request: { changes: proposal.data.field_changes, rule: proposal.data.rule },
    everyone: false,
    source: 'spec_coach',
  });
  if (!result.ok) {
    return deps.slack.tell(to, proposalAppliedMessage({ kind: 'refused', agent: row.aboutAgent, errors: result.errors }));
  }
  await deps.slack.tell(to, proposalAppliedMessage({ kind: 'applied', version: result.version, change: result.change }));
}

/** A field's bounds for the spec-coach's brief (words for the model, not for people). */
function bounds(f: ReturnType<typeof tightenableFields>[number]): string {
  const parts: string[] = [];
  if (f.nullable) parts.push('may be null');
  if (f.maxLength !== null) parts.push(`at most ${f.maxLength} characters`);
  if (f.minItems !== null) parts.push(`at least ${f.minItems} items`);
  if (f.maxItems !== null) parts.push(`at most ${f.maxItems} items`);
  if (f.enumValues) parts.push(`one of ${f.enumValues.join(', ')}`);
  return parts.join(', ');
}
