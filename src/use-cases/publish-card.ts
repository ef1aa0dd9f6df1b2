import { ErrorCode as WebErrorCode, type WebAPIPlatformError } from '@slack/web-api';
import { getSpec } from '../../specs/index';
import { AppError } from '../errors/app-error';
import { getArtifact, setCardLocation, stateOf, type WorkItemRow } from '../repositories/work-items';
import { renderCard, type CardModel, type Message } from '../views/card';
import { context } from '../views/kit';
import { movedToDmNote } from '../views/messages';
import type { Deps } from './deps';
import { getSchedule } from '../repositories/schedules';
import { pause } from './schedules';

/** Builds the card's view model from the database: the one place cards are assembled. */
export async function buildCardModel(deps: Pick<Deps, 'db'>, row: WorkItemRow): Promise<CardModel> {
  const spec = getSpec(row.agent);
  if (!spec) throw new AppError('item_not_found', `Unknown agent ${row.agent} on item ${row.id}`);
  const artifactRow = row.currentVersion > 0 ? await getArtifact(deps.db, row.id, row.currentVersion) : undefined;
  return {
    itemId: row.id,
    ownerId: row.ownerId,
    instructions: row.instructions,
    createdAt: row.createdAt,
    spec: { name: spec.name, version: spec.version, title: spec.title, emoji: spec.emoji },
    state: stateOf(row),
    artifact: artifactRow && {
      version: artifactRow.version,
      specVersion: artifactRow.specVersion,
      blocks: spec.render(artifactRow.content),
      summary: spec.summarize(artifactRow.content),
    },
    // A spec-coach proposal is itself about a spec: it is reviewed, not tightened.
    tightenSpec: row.aboutAgent === null,
  };
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
    const posted = await post(deps, row.channelId, message);
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
    const posted = await slackCall('chat.postMessage', () => post(deps, row.ownerId, withNote));
    await setCardLocation(deps.db, row.id, posted.channel, posted.ts);
  }
}

async function post(deps: Pick<Deps, 'slack'>, channel: string, message: Message) {
  const res = await deps.slack.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false });
  if (!res.channel || !res.ts) throw new Error('chat.postMessage returned no channel or ts');
  return { channel: res.channel, ts: res.ts };
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
