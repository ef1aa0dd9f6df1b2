import { getSpec } from '../../../specs/index';
import type { ActionParams } from '../../domain/action-plan';
import { parseGitHubResult, type ActionResult, type PostedResult } from '../../domain/action-result';
import { githubProblem } from '../../integrations/github/client';
import { isRateLimited, platformErrorCode } from '../../integrations/slack/errors';
import type { Posted } from '../../integrations/slack/slack-api';
import { claimAction, failIfPending, finishAction, getAction, renewActionClaim, type ItemActionRow } from '../../repositories/item-actions';
import { getWorkItem, type WorkItemRow } from '../../repositories/work-items';
import { getArtifact } from '../../repositories/artifacts';
import { assignMessage, escalationDm, escalationPost, publishMessage, type ActionMessageModel } from '../../views/action-messages';
import type { Message } from '../../views/kit';
import { explainSlackError, REASONS } from '../../views/reasons';
import type { Deps } from '../deps';
import { whileRenewing, type Lease } from '../lease';
import { rollUp } from './roll-up';
import { GitHubNotConfigured, openIssue, postReview, takeBack } from './github';

/** Queues one job per queued row (called after the approval committed); a row that cannot be queued fails visibly. */
export async function startActions(deps: Deps, item: WorkItemRow, queued: readonly ItemActionRow[]): Promise<void> {
  for (const action of queued) {
    try {
      await deps.actions.enqueueAction({ actionId: action.id, runSeq: action.runSeq });
    } catch (error) {
      deps.logger.error(`Could not queue action ${action.id}`, error);
      await finishAction(deps.db, action.id, action.runSeq, { status: 'failed', error: REASONS.actionNotQueued });
    }
  }
  // Nothing left to run (everything unticked meanwhile, or nothing could be queued): finish now.
  await rollUp(deps, item.id);
}

export type ActionOutcome = 'skipped' | 'busy' | 'superseded' | 'succeeded' | 'failed';

/**
 * One execution of one action. Idempotent: a stale or re-delivered job (another run_seq,
 * or the row already finished) does nothing, and a duplicate running at the same time
 * loses the claim. Fails closed: only the version the item was approved at is executed.
 */
export async function runAction(deps: Deps, run: { actionId: string; runSeq: number }, lease: Lease): Promise<ActionOutcome> {
  const action = await getAction(deps.db, run.actionId);
  if (!action || action.runSeq !== run.runSeq || (action.status !== 'queued' && action.status !== 'running')) return 'skipped';
  const item = await getWorkItem(deps.db, action.workItemId);
  if (!item || (item.status !== 'acting' && item.status !== 'completed') || item.currentVersion !== action.version) {
    await finishAction(deps.db, action.id, run.runSeq, { status: 'skipped', error: REASONS.actionSuperseded(action.version) });
    return 'superseded';
  }
  const claimed = await claimAction(deps.db, action.id, run.runSeq, lease.leaseMs);
  if (!claimed) return 'busy';

  // Only the post is inside the try: a failure there is the action's (shown, with Retry).
  // The claim is renewed while it posts, so only a dead worker's claim expires.
  let result: ActionResult;
  try {
    const renew = () => Promise.all([renewActionClaim(deps.db, action.id, run.runSeq), lease.touch?.()]);
    result = await whileRenewing(lease.heartbeatMs, renew, () => execute(deps, item, claimed), (e) =>
      deps.logger.warn(`Could not renew the claim on action ${action.key} (${e instanceof Error ? e.message : String(e)}).`),
    );
  } catch (error) {
    const why = failureReason(claimed.params, error);
    deps.logger.warn(`Action ${action.key} on item ${item.id} failed: ${why}`);
    await finishAction(deps.db, action.id, run.runSeq, { status: 'failed', error: why });
    await rollUp(deps, item.id);
    return 'failed';
  }
  // It posted. Failing to record that is NOT a failed action (its Retry would post twice):
  // the error propagates, the row stays running under our claim and the job backs off.
  const recorded = await recordSuccess(deps, action.key, run, result);
  if (!recorded) {
    // The row moved on while we posted (an undo, or a newer execution): nothing tracks this
    // message any more and a re-approval would post it again, so take it back.
    await retract(deps, action.id, action.key, result);
    return 'superseded';
  }
  // The assignee's Home lists what they were given.
  if (claimed.assigneeId) await deps.home.refresh(claimed.assigneeId).catch((e) => deps.logger.warn(`Home refresh for ${claimed.assigneeId} not queued`, e));
  await rollUp(deps, item.id);
  return 'succeeded';
}

/**
 * Records a post, retrying briefly (the write is conditional on run_seq, so repeating it is
 * harmless). If the database stays away the error is logged with what was posted and rethrown.
 */
async function recordSuccess(deps: Deps, key: string, run: { actionId: string; runSeq: number }, result: ActionResult) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await finishAction(deps.db, run.actionId, run.runSeq, { status: 'succeeded', result });
    } catch (error) {
      if (attempt >= 3) {
        deps.logger.error(`Action ${key} did ${JSON.stringify(result)} but its success could not be recorded`, error);
        throw error;
      }
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
}

/** Takes back what no row records (done while the row was undone or superseded); a failure is logged, never hidden. */
async function retract(deps: Deps, actionId: string, key: string, done: ActionResult): Promise<void> {
  deps.logger.warn(`Action ${key} did ${JSON.stringify(done)} after its row moved on; taking it back`);
  try {
    const github = parseGitHubResult(done);
    if (github) await takeBack(deps, actionId, github);
    else await deps.slack.delete(done as Posted);
  } catch (error) {
    deps.logger.error(`Could not take back the untracked result of action ${key}`, error);
  }
}

/** Why an action failed, in words kept with the row (Slack's or GitHub's error, or an unreachable service). */
function failureReason(params: ActionParams, error: unknown): string {
  if (params.kind === 'github_review' || params.kind === 'github_issue') {
    return error instanceof GitHubNotConfigured ? REASONS.githubNotConfigured : REASONS.githubRefused(githubProblem(error));
  }
  // The action client rejects a rate-limited call instead of waiting it out (see actionClient).
  const code = platformErrorCode(error) ?? (isRateLimited(error) ? 'ratelimited' : undefined);
  return code ? explainSlackError(code, channelOf(params)) : REASONS.slackUnreachable(error instanceof Error ? error.message : String(error));
}

/** After the job queue gave up retrying (e.g. the database was away too long): the action fails visibly, with Retry. */
export async function giveUpAction(deps: Deps, run: { actionId: string; runSeq: number }, cause: string): Promise<void> {
  const action = await getAction(deps.db, run.actionId);
  if (!action) return;
  if (await failIfPending(deps.db, run.actionId, run.runSeq, REASONS.interrupted(cause))) {
    await rollUp(deps, action.workItemId);
  }
}

function channelOf(params: ActionParams): string | undefined {
  return params.kind === 'publish' || params.kind === 'escalate_post' ? params.channelId : undefined;
}

/** Posts the message(s) of one action from the approved artifact version; returns what was posted. */
async function execute(deps: Deps, item: WorkItemRow, action: ItemActionRow): Promise<ActionResult> {
  const p = action.params;
  // GitHub hands carry what they write in their params (planned from the approved version).
  if (p.kind === 'github_review') return postReview(deps, action.id, p);
  if (p.kind === 'github_issue') return openIssue(deps, action.id, p);
  const model = await messageModel(deps, item, action.version);
  switch (p.kind) {
    case 'publish':
      return post(deps, p.channelId, publishMessage(model));
    case 'assign':
      return post(deps, p.userId, assignMessage(model, p.items));
    case 'escalate_post':
      return post(deps, p.channelId, escalationPost(model, p.target));
    case 'escalate_dm':
      return post(deps, p.userId, escalationDm(model));
  }
}

async function messageModel(deps: Deps, item: WorkItemRow, version: number): Promise<ActionMessageModel> {
  const spec = getSpec(item.agent);
  const artifact = await getArtifact(deps.db, item.id, version);
  if (!spec || !artifact) throw new Error(`Version ${version} of item ${item.id} is missing`);
  return {
    ownerId: item.ownerId,
    spec: { name: spec.name, title: spec.title, emoji: spec.emoji },
    version,
    blocks: spec.render(artifact.content),
    summary: spec.summarize(artifact.content),
    cardLink: item.cardChannelId && item.cardTs ? await deps.actionSlack.permalink({ channel: item.cardChannelId, ts: item.cardTs }) : undefined,
  };
}

async function post(deps: Deps, channel: string, message: Message): Promise<PostedResult> {
  const posted = await deps.actionSlack.post(channel, message);
  const link = await deps.actionSlack.permalink(posted);
  return link ? { ...posted, permalink: link } : posted;
}
