import { getWorkItem, type WorkItemRow } from '../repositories/work-items';
import { actOnItem } from './act-on-item';
import type { Deps } from './deps';
import { publishCard } from './publish-card';

/** What the agent is told when new commits make it review again (it reads the PR afresh anyway). */
export const NEW_COMMITS = 'New commits were pushed to the pull request since this review: review it again as it is now.';

/** New commits on a PR whose review waits for the person: a new version of the same item. */
export async function rerunOnNewCommits(deps: Deps, item: WorkItemRow): Promise<void> {
  const result = await actOnItem(deps, item.id, { type: 'rerun_on_event', feedback: NEW_COMMITS });
  if (!result.ok) deps.logger.info(`Item ${item.id} not re-run on new commits: ${result.refusal.code}`);
}

/** Its PR was closed: the item leaves the backlog as superseded (a slot frees, waiting work may start). */
export async function supersede(deps: Deps, item: WorkItemRow): Promise<void> {
  const result = await actOnItem(deps, item.id, { type: 'supersede' });
  if (!result.ok) deps.logger.info(`Item ${item.id} not superseded: ${result.refusal.code}`);
}

/** The card again, with what the watch now knows (still firing, resolved). */
export async function republish(deps: Deps, item: WorkItemRow): Promise<void> {
  const fresh = await getWorkItem(deps.db, item.id);
  if (fresh) await publishCard(deps, fresh).catch((e) => deps.logger.error(`Card refresh failed for item ${item.id}`, e));
}
