import { ErrorCode as WebErrorCode, type WebAPIPlatformError } from '@slack/web-api';
import { getSpec } from '../../specs/index';
import { AppError } from '../errors/app-error';
import { getArtifact, setCardLocation, stateOf, type WorkItemRow } from '../repositories/work-items';
import { listForVersion } from '../repositories/item-actions';
import { notesFor } from './actions';
import { promotionOffered, trustFor } from './trust';
import type { TrustRecord } from '../domain/trust';
import type { WorkItemState } from '../domain/work-item';
import { renderCard, type CardModel, type Message } from '../views/card';
import { context } from '../views/kit';
import { movedToDmNote } from '../views/messages';
import type { Deps } from './deps';
import { parsePosted } from '../domain/action-result';
import { postMessage } from './post-message';
import { getSchedule } from '../repositories/schedules';
import { pause } from './schedules';

/** Builds the card's view model from the database: the one place cards are assembled. */
export async function buildCardModel(deps: Pick<Deps, 'db' | 'config' | 'now'>, row: WorkItemRow): Promise<CardModel> {
  const spec = getSpec(row.agent);
  if (!spec) throw new AppError('item_not_found', `Unknown agent ${row.agent} on item ${row.id}`);
  const artifactRow = row.currentVersion > 0 ? await getArtifact(deps.db, row.id, row.currentVersion) : undefined;
  const actionRows = artifactRow && spec.actions ? await listForVersion(deps.db, row.id, row.currentVersion) : [];
  const record = await trustFor(deps, row.ownerId, row.agent);
  const state = stateOf(row);
  const observing = record.level === 'observe' && !actionRows.length;
  return {
    itemId: row.id,
    ownerId: row.ownerId,
    instructions: row.instructions,
    createdAt: row.createdAt,
    spec: { name: spec.name, version: spec.version, title: spec.title, emoji: spec.emoji },
    state,
    trust: trustOnCard(deps, state, record),
    artifact: artifactRow && {
      version: artifactRow.version,
      specVersion: artifactRow.specVersion,
      blocks: spec.render(artifactRow.content),
      summary: spec.summarize(artifactRow.content),
    },
    plan: artifactRow &&
      spec.actions && {
        actions: actionRows.map((a) => ({
          id: a.id,
          params: a.params,
          selected: a.selected,
          status: a.status,
          error: a.error,
          permalink: parsePosted(a.result)?.permalink,
        })),
        notes: observing
          ? [`${spec.name} only observes for you, so no actions are offered (\`/delegate trust ${spec.name} propose\` lets it propose them again).`]
          : notesFor(deps, row, artifactRow.content, actionRows),
        canPublish: !observing,
        publishChannelId: row.publishChannelId,
      },
    // A spec-coach proposal is itself about a spec: it is reviewed, not tightened.
    tightenSpec: row.aboutAgent === null,
    resumed: row.resumedRunSeq !== null && row.resumedRunSeq === row.runSeq,
  };
}

/** Undo while an automatic approval's window lasts; otherwise, on a person's approval, the offer to promote when earned. */
function trustOnCard(deps: Pick<Deps, 'config' | 'now'>, state: WorkItemState, record: TrustRecord): CardModel['trust'] {
  if (state.status !== 'approved' && state.status !== 'acting' && state.status !== 'completed') return undefined;
  if (state.auto) {
    const until = new Date(state.at.getTime() + deps.config.trust.undoWindowMs);
    return until > deps.now() ? { undoUntil: until, offerPromotion: false } : undefined;
  }
  return { offerPromotion: promotionOffered(deps, record) };
}

/** Channel errors after which the card goes to the owner's DM instead. */
const UNREACHABLE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'access_denied']);

/**
 * Posts the card the first time, updates it in place afterwards. If the bot cannot
 * post where the work was asked for, the card goes to the owner's DM with a note.
 */
export async function publishCard(deps: Deps, row: WorkItemRow): Promise<void> {
  // Home shows the same item: refresh it (debounced) with every card change.
  await deps.home.refresh(row.ownerId).catch((e) => deps.logger.warn(`Home refresh for ${row.ownerId} not queued`, e));
  const message = renderCard(await buildCardModel(deps, row));
  if (row.cardChannelId && row.cardTs) {
    await slackCall('chat.update', () =>
      deps.slack.chat.update({ channel: row.cardChannelId!, ts: row.cardTs!, text: message.text, blocks: message.blocks }),
    );
    return;
  }
  try {
    const posted = await postMessage(deps.slack, row.channelId, message);
    await setCardLocation(deps.db, row.id, posted.channel, posted.ts);
  } catch (error) {
    const code = platformErrorCode(error);
    if (!code || !UNREACHABLE.has(code) || row.channelId === row.ownerId) throw wrapSlack('chat.postMessage', error);
    deps.logger.warn(`Cannot post in ${row.channelId} (${code}); sending item ${row.id} to its owner's DM.`);
    if (row.scheduleId) {
      // A schedule whose channel is gone is paused, not retried forever.
      const schedule = await getSchedule(deps.db, row.scheduleId);
      if (schedule?.state === 'active') await pause(deps, schedule, `Its channel <#${row.channelId}> can't be posted in (${code}).`);
    }
    const withNote = { text: message.text, blocks: [context(movedToDmNote(row.channelId)), ...message.blocks].slice(0, 50) };
    const posted = await slackCall('chat.postMessage', () => postMessage(deps.slack, row.ownerId, withNote));
    await setCardLocation(deps.db, row.id, posted.channel, posted.ts);
  }
}


export function platformErrorCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error && error.code === WebErrorCode.PlatformError) {
    return (error as WebAPIPlatformError).data.error;
  }
  return undefined;
}

export async function slackCall<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw wrapSlack(method, error);
  }
}

function wrapSlack(method: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = platformErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
  return new AppError('slack_api_error', `Slack ${method} failed: ${code}`, `Slack refused the request (${method}: ${code}).`, {
    cause: error,
  });
}
