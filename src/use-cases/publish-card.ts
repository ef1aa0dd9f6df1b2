import { getSpec } from '../../specs/index';
import { resultLink } from '../domain/action-result';
import type { TrustRecord } from '../domain/trust';
import type { WorkItemState } from '../domain/work-item';
import { AppError } from '../errors/app-error';
import { platformErrorCode, slackCall, slackError } from '../integrations/slack/errors';
import { listForVersion } from '../repositories/item-actions';
import { setCardLocation, stateOf, type WorkItemRow } from '../repositories/work-items';
import { getArtifact } from '../repositories/artifacts';
import { renderCard, type CardModel, type CardTrigger } from '../views/card';
import { eventForItem } from '../repositories/watches';
import type { CardReads } from '../views/evidence';
import { listEvidence } from '../repositories/evidence';
import { unreadCitations } from '../domain/evidence';
import { context } from '../views/kit';
import { movedToDmNote } from '../views/messages';
import { notesFor } from './actions/plan';
import type { Deps } from './deps';
import { promotionOffered, trustFor } from './trust';

async function cardReads(deps: Pick<Deps, 'db'>, row: WorkItemRow, spec: NonNullable<ReturnType<typeof getSpec>>, content: unknown): Promise<CardReads> {
  const reads = await listEvidence(deps.db, row.id, row.currentVersion);
  const cited = spec.citations?.(content) ?? [];
  return { reads, unreadCitations: unreadCitations(cited, reads), hasEyes: Boolean(spec.eyes) };
}

/** Builds the card's view model from the database: the one place cards are assembled. */
export async function buildCardModel(deps: Pick<Deps, 'db' | 'config' | 'now'>, row: WorkItemRow): Promise<CardModel> {
  const spec = getSpec(row.agent);
  if (!spec) throw new AppError('item_not_found', `Unknown agent ${row.agent} on item ${row.id}`); // the log's words; views/errors.ts has none for this code, so they are shown as is
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
          permalink: resultLink(a.result),
        })),
        notes: observing ? [{ code: 'observing', agent: spec.name }] : notesFor(deps, row, artifactRow.content, actionRows),
        canPublish: !observing,
        publishChannelId: row.publishChannelId,
      },
    // A spec-coach proposal is itself about a spec: it is reviewed, not tightened.
    tightenSpec: row.aboutAgent === null,
    resumed: row.resumedRunSeq !== null && row.resumedRunSeq === row.runSeq,
    reads: artifactRow && (await cardReads(deps, row, spec, artifactRow.content)),
    ...(row.source === 'watch' ? await triggerOf(deps, row.id) : {}),
  };
}

/** The watched event an item was started by, for its card. */
async function triggerOf(deps: Pick<Deps, 'db'>, itemId: string): Promise<{ trigger?: CardTrigger }> {
  const event = await eventForItem(deps.db, itemId);
  if (!event) return {};
  const s = event.summary as { kind: 'pull_request' | 'alert_group'; owner?: string; repo?: string; number?: number; title?: string; url?: string | null; overLimit?: boolean };
  return {
    trigger: {
      kind: s.kind,
      label: s.kind === 'pull_request' ? `${s.owner}/${s.repo}#${s.number}` : (s.title ?? 'alert'),
      // A PR links to GitHub; an alert's address is whatever its sender wrote, so it is not linked.
      url: s.kind === 'pull_request' ? (s.url ?? null) : null,
      overLimit: !!s.overLimit,
      notifications: event.notifications,
      resolvedAt: event.resolvedAt,
    },
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

/** Where the card went: `unreachable` when the channel it was asked in refused it and it went to the owner's DM. */
export interface CardPublished {
  unreachable?: { channelId: string; code: string };
}

/**
 * Posts the card the first time, updates it in place afterwards. If the bot cannot
 * post where the work was asked for, the card goes to the owner's DM with a note, and
 * the caller hears so (a schedule with that channel is then paused by its caller).
 */
export async function publishCard(deps: Deps, row: WorkItemRow): Promise<CardPublished> {
  // Home shows the same item: refresh it (debounced) with every card change.
  await deps.home.refresh(row.ownerId).catch((e) => deps.logger.warn(`Home refresh for ${row.ownerId} not queued`, e));
  const message = renderCard(await buildCardModel(deps, row));
  if (row.cardChannelId && row.cardTs) {
    await slackCall('chat.update', () => deps.slack.update({ channel: row.cardChannelId!, ts: row.cardTs! }, message));
    return {};
  }
  try {
    const posted = await deps.slack.post(row.channelId, message);
    await setCardLocation(deps.db, row.id, posted.channel, posted.ts);
    return {};
  } catch (error) {
    const code = platformErrorCode(error);
    if (!code || !UNREACHABLE.has(code) || row.channelId === row.ownerId) throw slackError('chat.postMessage', error);
    deps.logger.warn(`Cannot post in ${row.channelId} (${code}); sending item ${row.id} to its owner's DM.`);
    const withNote = { text: message.text, blocks: [context(movedToDmNote(row.channelId)), ...message.blocks].slice(0, 50) };
    const posted = await slackCall('chat.postMessage', () => deps.slack.post(row.ownerId, withNote));
    await setCardLocation(deps.db, row.id, posted.channel, posted.ts);
    return { unreachable: { channelId: row.channelId, code } };
  }
}
