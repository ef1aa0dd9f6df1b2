import { getSpec } from '../../../specs/index';
import { resolveOwner, type ActionParams, type DirectoryUser, type PlanContext, type PlanNote, type Resolution } from '../../domain/action-plan';
import { prRefsIn, repoRefsIn } from '../../domain/github-refs';
import type { Autonomy } from '../../domain/work-item';
import { insertPlanned, type ItemActionRow } from '../../repositories/item-actions';
import type { WorkItemRow } from '../../repositories/work-items';
import { directoryUnreadableMessage } from '../../views/action-messages';
import type { Deps } from '../deps';

/**
 * Plans what the new version leads to, from the spec's pure `actions`. Owners are resolved
 * against the workspace's members (read only when the plan names someone).
 */
export async function planActions(deps: Deps, row: WorkItemRow, version: number, artifact: unknown, autonomy: Autonomy): Promise<void> {
  const spec = getSpec(row.agent);
  // An agent that only observes is offered no actions at all.
  if (!spec?.actions || autonomy === 'observe') return;
  let asked = false;
  const dry = spec.actions(artifact, planContext(deps, row, () => ((asked = true), { ok: false, why: 'no_directory' })));
  if (!asked) return insertPlanned(deps.db, row.id, version, dry.actions);
  const directory = await deps.slack.members();
  const plan = spec.actions(artifact, planContext(deps, row, resolverOf(directory.ok ? directory.users : null)));
  await insertPlanned(deps.db, row.id, version, plan.actions);
  // Otherwise the card would only say nobody is DM-able, as if the owners were not members.
  if (!directory.ok) {
    await deps.slack.tell({ userId: row.ownerId, channelId: row.cardChannelId ?? row.channelId }, directoryUnreadableMessage(directory.code)).catch((e) =>
      deps.logger.error(`Could not tell ${row.ownerId} that the member list was unreadable`, e),
    );
  }
}

/** What the plan would do, without asking Slack for the member list (nobody is resolved). */
export function plannedParams(deps: Pick<Deps, 'config'>, row: WorkItemRow, artifact: unknown): ActionParams[] {
  const spec = getSpec(row.agent);
  return spec?.actions?.(artifact, planContext(deps, row, () => ({ ok: false, why: 'no_directory' }))).actions.map((a) => a.params) ?? [];
}

export function planContext(deps: Pick<Deps, 'config'>, row: WorkItemRow, resolve: (owner: string) => Resolution): PlanContext {
  return {
    publishChannelId: row.publishChannelId,
    incidentChannelId: deps.config.incidentChannelId ?? null,
    resolve,
    pullRequests: prRefsIn(row.instructions),
    repositories: repoRefsIn(row.instructions),
  };
}

const resolverOf = (directory: DirectoryUser[] | null) => (owner: string) => resolveOwner(owner, directory);

/**
 * The plan's notes (what could not be planned) for the card, derived again from the stored
 * rows: an owner counts as resolved exactly when a row was planned for them.
 */
export function notesFor(deps: Pick<Deps, 'config'>, row: WorkItemRow, artifact: unknown, rows: readonly ItemActionRow[]): PlanNote[] {
  const spec = getSpec(row.agent);
  if (!spec?.actions) return [];
  const known = new Map<string, string>();
  for (const r of rows) {
    if (r.params.kind === 'assign') for (const i of r.params.items) known.set(i.owner, r.params.userId);
    if (r.params.kind === 'escalate_dm') known.set(r.params.name, r.params.userId);
  }
  const resolve = (owner: string): Resolution => {
    const userId = known.get(owner);
    return userId ? { ok: true, userId } : { ok: false, why: 'unknown' };
  };
  return spec.actions(artifact, planContext(deps, row, resolve)).notes;
}
