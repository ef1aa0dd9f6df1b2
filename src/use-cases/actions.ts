import { ErrorCode } from '@slack/web-api';
import { getSpec } from '../../specs/index';
import {
  allTerminal,
  explainSlackError,
  resolveOwner,
  type ActionParams,
  type ActionRefusal,
  type DirectoryUser,
  type PlanContext,
  type Resolution,
} from '../domain/action-plan';
import { decide, type Autonomy, type Command } from '../domain/work-item';
import {
  claimAction,
  renewActionClaim,
  failIfPending,
  finishAction,
  getAction,
  insertPlanned,
  listForVersion,
  markUndone,
  replacePlannedPublish,
  resetForReview,
  requeueFailed,
  setSelection,
  skipFailed,
  type ItemActionRow,
} from '../repositories/item-actions';
import { appendAudit, getArtifact, getWorkItem, listIdleActing, setPublishChannel, stateOf, updateState, type WorkItemRow } from '../repositories/work-items';
import { assignMessage, directoryUnreadableMessage, escalationDm, escalationPost, publishMessage, type ActionMessageModel } from '../views/action-messages';
import { tellUser } from '../slack/notify';
import type { Message } from '../views/card';
import { whileRenewing, type Lease } from './lease';
import type { Deps } from './deps';
import { parsePosted, type PostedResult } from '../domain/action-result';
import { postMessage } from './post-message';
import { platformErrorCode, publishCard } from './publish-card';

/** How many plan rows one checkboxes element holds (Slack allows 10 options). */
export const PLAN_CHUNK = 10;

export type ActionCommandResult = { ok: true } | { ok: false; refusal: ActionRefusal };

// ---------------------------------------------------------------------------------------
// Planning (when a version is produced)

/**
 * Plans what the new version leads to, from the spec's pure `actions`. Owners are resolved
 * against the workspace's members (read only when the plan names someone).
 */
export async function planActions(deps: Deps, row: WorkItemRow, version: number, artifact: unknown, autonomy: Autonomy): Promise<void> {
  const spec = getSpec(row.agent);
  // An agent that only observes is offered no actions at all.
  if (!spec?.actions || autonomy === 'observe') return;
  let asked = false;
  const dry = spec.actions(artifact, contextFor(deps, row, () => ((asked = true), { ok: false, why: 'no_directory' })));
  if (!asked) return insertPlanned(deps.db, row.id, version, dry.actions);
  const directory = await readDirectory(deps);
  const plan = spec.actions(artifact, contextFor(deps, row, resolverOf(directory.ok ? directory.users : null)));
  await insertPlanned(deps.db, row.id, version, plan.actions);
  // Otherwise the card would only say nobody is DM-able, as if the owners were not members.
  if (!directory.ok) {
    await tellUser(deps, { userId: row.ownerId, channelId: row.cardChannelId ?? row.channelId }, directoryUnreadableMessage(directory.code)).catch((e) =>
      deps.logger.error(`Could not tell ${row.ownerId} that the member list was unreadable`, e),
    );
  }
}

function contextFor(deps: Pick<Deps, 'config'>, row: WorkItemRow, resolve: (owner: string) => Resolution): PlanContext {
  return { publishChannelId: row.publishChannelId, incidentChannelId: deps.config.incidentChannelId ?? null, resolve };
}

const resolverOf = (directory: DirectoryUser[] | null) => (owner: string) => resolveOwner(owner, directory);

/** The last member list read per Slack client, so a burst of runs reads it once (users.list is rate-limited). */
const directories = new WeakMap<object, { at: number; users: DirectoryUser[] }>();

/** The workspace's people (not bots, not deactivated), or Slack's error code when it would not say. */
async function readDirectory(deps: Deps): Promise<{ ok: true; users: DirectoryUser[] } | { ok: false; code: string }> {
  const cached = directories.get(deps.slack);
  const now = deps.now().getTime();
  if (cached && now - cached.at < deps.config.cache.directoryMs) return { ok: true, users: cached.users };
  const read = await readDirectoryFromSlack(deps);
  if (read.ok && deps.config.cache.directoryMs > 0) directories.set(deps.slack, { at: now, users: read.users });
  return read;
}

async function readDirectoryFromSlack(deps: Deps): Promise<{ ok: true; users: DirectoryUser[] } | { ok: false; code: string }> {
  const users: DirectoryUser[] = [];
  try {
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const res = await deps.slack.users.list({ limit: 200, ...(cursor ? { cursor } : {}) });
      for (const m of res.members ?? []) {
        if (!m.id || m.deleted || m.is_bot) continue;
        users.push({ id: m.id, name: m.name ?? '', displayName: m.profile?.display_name ?? '', realName: m.real_name ?? m.profile?.real_name ?? '' });
      }
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return { ok: true, users };
  } catch (error) {
    deps.logger.warn('users.list failed; owners cannot be resolved for this plan', error);
    return { ok: false, code: platformErrorCode(error) ?? (error instanceof Error ? error.message : String(error)) };
  }
}

/**
 * The plan's notes (what could not be planned) for the card, derived again from the stored
 * rows: an owner counts as resolved exactly when a row was planned for them.
 */
export function notesFor(deps: Pick<Deps, 'config'>, row: WorkItemRow, artifact: unknown, rows: readonly ItemActionRow[]): string[] {
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
  return spec.actions(artifact, contextFor(deps, row, resolve)).notes;
}

// ---------------------------------------------------------------------------------------
// Choices on the card before approval

/** Ticks and unticks the plan rows of one checkboxes element on the card. */
export async function selectActions(
  deps: Deps,
  actor: string,
  ref: { itemId: string; version: number; chunk: number },
  selectedIds: readonly string[],
): Promise<ActionCommandResult> {
  const item = await openPlan(deps, actor, ref.itemId, ref.version);
  if (!item.ok) return item;
  // The same rows, in the same order, as the card's checkbox groups (only plannable ones change).
  const rows = await listForVersion(deps.db, ref.itemId, ref.version);
  const shown = rows.slice(ref.chunk * PLAN_CHUNK, (ref.chunk + 1) * PLAN_CHUNK).map((r) => r.id);
  await setSelection(deps.db, ref.itemId, ref.version, shown, selectedIds.filter((id) => shown.includes(id)));
  await publishCard(deps, item.row);
  return { ok: true };
}

/** The person chose where to publish: the item remembers it and the current version's publish row is planned again. */
export async function choosePublishChannel(
  deps: Deps,
  actor: string,
  ref: { itemId: string; version: number },
  channelId: string,
): Promise<ActionCommandResult> {
  const item = await openPlan(deps, actor, ref.itemId, ref.version);
  if (!item.ok) return item;
  const spec = getSpec(item.row.agent);
  const artifact = await getArtifact(deps.db, ref.itemId, ref.version);
  const updated = await setPublishChannel(deps.db, ref.itemId, channelId);
  if (!spec?.actions || !artifact || !updated) return { ok: false, refusal: { code: 'plan_closed' } };
  const plan = spec.actions(artifact.content, contextFor(deps, updated, () => ({ ok: false, why: 'unknown' })));
  await replacePlannedPublish(deps.db, ref.itemId, ref.version, plan.actions.find((a) => a.kind === 'publish'));
  await publishCard(deps, updated);
  return { ok: true };
}

async function openPlan(deps: Deps, actor: string, itemId: string, version: number) {
  const row = await getWorkItem(deps.db, itemId);
  if (!row) return { ok: false as const, refusal: { code: 'item_not_found' as const } };
  if (row.ownerId !== actor) return { ok: false as const, refusal: { code: 'not_owner' as const, ownerId: row.ownerId } };
  if (row.status !== 'awaiting_review' || row.currentVersion !== version) return { ok: false as const, refusal: { code: 'plan_closed' as const } };
  return { ok: true as const, row };
}

// ---------------------------------------------------------------------------------------
// Execution (after approval)

/** Queues one job per queued row (called after the approval committed); a row that cannot be queued fails visibly. */
export async function startActions(deps: Deps, item: WorkItemRow, queued: readonly ItemActionRow[]): Promise<void> {
  for (const action of queued) {
    try {
      await deps.actions.enqueueAction({ actionId: action.id, runSeq: action.runSeq });
    } catch (error) {
      deps.logger.error(`Could not queue action ${action.id}`, error);
      await finishAction(deps.db, action.id, action.runSeq, { status: 'failed', error: 'It could not be queued (the database was busy). Press Retry.' });
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
    await finishAction(deps.db, action.id, run.runSeq, { status: 'skipped', error: `Not run: version ${action.version} is no longer the approved one.` });
    return 'superseded';
  }
  const claimed = await claimAction(deps.db, action.id, run.runSeq, lease.leaseMs);
  if (!claimed) return 'busy';

  // Only the post is inside the try: a failure there is the action's (shown, with Retry).
  // The claim is renewed while it posts, so only a dead worker's claim expires.
  let result: PostedResult;
  try {
    const renew = () => Promise.all([renewActionClaim(deps.db, action.id, run.runSeq), lease.touch?.()]);
    result = await whileRenewing(lease.heartbeatMs, renew, () => execute(deps, item, claimed), (e) =>
      deps.logger.warn(`Could not renew the claim on action ${action.key} (${e instanceof Error ? e.message : String(e)}).`),
    );
  } catch (error) {
    const code = platformErrorCode(error) ?? (isRateLimited(error) ? 'ratelimited' : undefined);
    const why = code ? explainSlackError(code, channelOf(claimed.params)) : `Slack could not be reached (${error instanceof Error ? error.message : String(error)}).`;
    deps.logger.warn(`Action ${action.key} on item ${item.id} failed: ${code ?? String(error)}`);
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
    await retract(deps, action.key, result);
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
async function recordSuccess(deps: Deps, key: string, run: { actionId: string; runSeq: number }, result: PostedResult) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await finishAction(deps.db, run.actionId, run.runSeq, { status: 'succeeded', result });
    } catch (error) {
      if (attempt >= 3) {
        deps.logger.error(`Action ${key} posted ${result.channel}/${result.ts} but its success could not be recorded`, error);
        throw error;
      }
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
}

/** Deletes a message no row records (posted while the row was undone or superseded); a failure is logged, never hidden. */
async function retract(deps: Deps, key: string, posted: { channel: string; ts: string }): Promise<void> {
  deps.logger.warn(`Action ${key} posted ${posted.channel}/${posted.ts} after its row moved on; deleting it`);
  try {
    await deps.slack.chat.delete({ channel: posted.channel, ts: posted.ts });
  } catch (error) {
    deps.logger.error(`Could not delete the untracked message ${posted.channel}/${posted.ts} of action ${key}`, error);
  }
}

/** After the job queue gave up retrying (e.g. the database was away too long): the action fails visibly, with Retry. */
export async function giveUpAction(deps: Deps, run: { actionId: string; runSeq: number }, cause: string): Promise<void> {
  const action = await getAction(deps.db, run.actionId);
  if (!action) return;
  if (await failIfPending(deps.db, run.actionId, run.runSeq, `It was interrupted and could not be resumed (${cause}). Press Retry.`)) {
    await rollUp(deps, action.workItemId);
  }
}

/** The action client rejects a rate-limited call instead of waiting it out (see actionSlackClient). */
function isRateLimited(error: unknown): boolean {
  return !!error && typeof error === 'object' && 'code' in error && error.code === ErrorCode.RateLimitedError;
}

function channelOf(params: ActionParams): string | undefined {
  return params.kind === 'publish' || params.kind === 'escalate_post' ? params.channelId : undefined;
}

/** Posts the message(s) of one action from the approved artifact version; returns what was posted. */
async function execute(deps: Deps, item: WorkItemRow, action: ItemActionRow): Promise<PostedResult> {
  const model = await messageModel(deps, item, action.version);
  const p = action.params;
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
    cardLink: item.cardChannelId && item.cardTs ? await permalink(deps, item.cardChannelId, item.cardTs) : undefined,
  };
}

async function post(deps: Deps, channel: string, message: Message): Promise<PostedResult> {
  const posted = await postMessage(deps.actionSlack, channel, message);
  const link = await permalink(deps, posted.channel, posted.ts);
  return link ? { ...posted, permalink: link } : posted;
}

/** A link is a nicety: without one the outcome still shows. */
async function permalink(deps: Deps, channel: string, ts: string): Promise<string | undefined> {
  try {
    return (await deps.actionSlack.chat.getPermalink({ channel, message_ts: ts })).permalink;
  } catch (error) {
    deps.logger.warn(`chat.getPermalink for ${channel}/${ts} failed`, error);
    return undefined;
  }
}

/** After any action changed: when every action of the approved version is terminal the item completes; the card shows progress either way. */
export async function rollUp(deps: Deps, itemId: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const item = await getWorkItem(deps.db, itemId);
    if (!item) return;
    const rows = await listForVersion(deps.db, item.id, item.currentVersion);
    if (item.status !== 'acting' || !allTerminal(rows)) return publishCard(deps, item);
    const finished = await transition(deps, item, { type: 'finish_actions' });
    if (finished) return publishCard(deps, finished);
  }
}

/**
 * Repair: an item whose last action was recorded by a worker that died before rolling the
 * item up stays *acting* with nothing left to run. Such items are completed here.
 */
export async function finishIdleActing(deps: Deps, olderThan: Date): Promise<number> {
  let finished = 0;
  for (const item of await listIdleActing(deps.db, olderThan)) {
    if (!allTerminal(await listForVersion(deps.db, item.id, item.currentVersion))) continue; // the action sweep has them
    await rollUp(deps, item.id);
    finished++;
  }
  return finished;
}

async function transition(deps: Deps, row: WorkItemRow, command: Command): Promise<WorkItemRow | undefined> {
  const decision = decide({ id: row.id, ownerId: row.ownerId, state: stateOf(row) }, command, deps.now());
  if (!decision.ok) return undefined;
  const next = decision.state;
  return deps.db.transaction(async (tx) => {
    const written = await updateState(tx, row, next);
    if (written) await appendAudit(tx, { workItemId: row.id, actor: 'system', action: command.type, from: row.status, to: next.status });
    return written;
  });
}

// ---------------------------------------------------------------------------------------
// After a failure: Retry or Skip that action alone

export async function retryAction(deps: Deps, actor: string, actionId: string): Promise<ActionCommandResult> {
  const checked = await ownFailedAction(deps, actor, actionId);
  if (!checked.ok) return checked;
  const queued = await requeueFailed(deps.db, actionId);
  if (!queued) return { ok: false, refusal: { code: 'action_not_failed' } };
  await startActions(deps, checked.item, [queued]);
  return { ok: true };
}

export async function skipAction(deps: Deps, actor: string, actionId: string): Promise<ActionCommandResult> {
  const checked = await ownFailedAction(deps, actor, actionId);
  if (!checked.ok) return checked;
  if (!(await skipFailed(deps.db, actionId))) return { ok: false, refusal: { code: 'action_not_failed' } };
  await rollUp(deps, checked.item.id);
  return { ok: true };
}

async function ownFailedAction(deps: Deps, actor: string, actionId: string) {
  const action = await getAction(deps.db, actionId);
  const item = action && (await getWorkItem(deps.db, action.workItemId));
  if (!action || !item) return { ok: false as const, refusal: { code: 'item_not_found' as const } };
  if (item.ownerId !== actor) return { ok: false as const, refusal: { code: 'not_owner' as const, ownerId: item.ownerId } };
  if ((item.status !== 'acting' && item.status !== 'completed') || item.currentVersion !== action.version) {
    return { ok: false as const, refusal: { code: 'plan_closed' as const } };
  }
  if (action.status !== 'failed') return { ok: false as const, refusal: { code: 'action_not_failed' as const } };
  return { ok: true as const, item, action };
}

// ---------------------------------------------------------------------------------------
// Undo of an automatic approval (the act level)

/**
 * Deletes every message the version's actions posted and puts the rest back to planned, so
 * the version can be reviewed (and approved) like any other. Returns what could not be deleted.
 */
/** What Undo could not take back: the action, and Slack's reason. */
export interface UndoProblem {
  params: ActionParams;
  code: string;
}

export async function undoActions(deps: Deps, item: WorkItemRow): Promise<UndoProblem[]> {
  const problems: UndoProblem[] = [];
  for (const action of await listForVersion(deps.db, item.id, item.currentVersion)) {
    if (action.status !== 'succeeded') continue;
    const posted = parsePosted(action.result);
    if (posted) {
      try {
        await deps.slack.chat.delete({ channel: posted.channel, ts: posted.ts });
      } catch (error) {
        const code = platformErrorCode(error);
        if (code !== 'message_not_found') {
          deps.logger.warn(`Undo could not delete ${posted.channel}/${posted.ts}: ${code ?? String(error)}`);
          problems.push({ params: action.params, code: code ?? 'Slack unreachable' });
          continue;
        }
      }
    }
    await markUndone(deps.db, action.id);
    // The assignee's "Assigned to you" no longer lists what was taken back.
    if (action.assigneeId) await deps.home.refresh(action.assigneeId).catch((e) => deps.logger.warn(`Home refresh for ${action.assigneeId} not queued`, e));
  }
  await resetForReview(deps.db, item.id, item.currentVersion);
  return problems;
}
