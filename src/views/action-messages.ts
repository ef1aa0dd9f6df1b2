import type { KnownBlock } from '@slack/types';
import type { ActionParams, ActionRefusal, PlannedItem } from '../domain/action-plan';
import { actionLabel } from './action-plan';
import { errorMessage } from './messages';
import type { Message } from './card';
import { clamp, context, escapeMrkdwn, fitBlocks, header, joinMrkdwn, link, mention, mrkdwn, section } from './kit';

/** What an action posts, from the approved artifact version. Everything the model wrote is escaped. */
export interface ActionMessageModel {
  ownerId: string;
  spec: { name: string; title: string; emoji: string };
  version: number;
  /** The artifact body as its spec renders it (already escaped by the spec). */
  blocks: KnownBlock[];
  summary: string;
  /** The card in its conversation, when Slack gave a permalink. */
  cardLink?: string;
}

const backLink = (m: ActionMessageModel) => (m.cardLink ? mrkdwn` · ${link(m.cardLink, 'Open the card')}` : '');

export function publishMessage(m: ActionMessageModel): Message {
  const blocks: KnownBlock[] = [
    header(`${m.spec.emoji} ${m.spec.title}`),
    context(`Shared by <@${m.ownerId}> · \`${m.spec.name}\` v${m.version}, approved${backLink(m)}`),
    ...m.blocks,
  ];
  return { text: clamp(mrkdwn`${escapeMrkdwn(m.spec.title)}: ${escapeMrkdwn(m.summary)}`, 3000, '…'), blocks: fitBlocks(blocks, 50, 0) };
}

export function assignMessage(m: ActionMessageModel, items: readonly PlannedItem[]): Message {
  const lines = items.map((i) => `• *${escapeMrkdwn(i.description)}* · due ${escapeMrkdwn(i.due)} · ${escapeMrkdwn(i.priority)}`).join('\n');
  const n = items.length;
  const intro = `<@${m.ownerId}> approved \`${m.spec.name}\`'s ${m.spec.title.toLowerCase()} and assigned you ${n} action item${n === 1 ? '' : 's'}:`;
  return {
    text: mrkdwn`You have ${n} new action item${n === 1 ? '' : mrkdwn`s`} from ${escapeMrkdwn(m.spec.title)}`,
    blocks: [section(intro), section(clamp(lines, 3000)), context(`${escapeMrkdwn(clamp(m.summary, 200, '…'))}${backLink(m)}`)],
  };
}

export function escalationPost(m: ActionMessageModel, target: string): Message {
  const blocks: KnownBlock[] = [
    header(`${m.spec.emoji} Escalation: ${m.spec.title}`),
    context(`Escalated by <@${m.ownerId}> to ${escapeMrkdwn(target)}${backLink(m)}`),
    ...m.blocks,
  ];
  return { text: clamp(mrkdwn`Escalation: ${escapeMrkdwn(m.summary)}`, 3000, '…'), blocks: fitBlocks(blocks, 50, 0) };
}

export function escalationDm(m: ActionMessageModel): Message {
  return {
    text: mrkdwn`Escalated to you: ${escapeMrkdwn(clamp(m.summary, 2900, '…'))}`,
    blocks: [
      section(`:rotating_light: <@${m.ownerId}> escalated this to you.\n*${escapeMrkdwn(clamp(m.summary, 2500, '…'))}*`),
      context(`\`${m.spec.name}\` v${m.version}${backLink(m)}`),
    ],
  };
}

export function actionRefusalMessage(refusal: ActionRefusal): Message {
  const text = (() => {
    switch (refusal.code) {
      case 'item_not_found':
        return mrkdwn`That item no longer exists.`;
      case 'not_owner':
        return mrkdwn`Only ${mention(refusal.ownerId)} can decide what this item does. Nothing changed.`;
      case 'plan_closed':
        return mrkdwn`This card has moved on (a newer version, or already decided). Use the updated card. Nothing changed.`;
      case 'action_not_failed':
        return mrkdwn`That action is no longer failed (it was retried or skipped already). Nothing changed.`;
    }
  })();
  return errorMessage(text);
}

/** Planning could not read the workspace's members, so nobody named in the artifact can be DMed. */
export function directoryUnreadableMessage(code: string): Message {
  const text = mrkdwn`I couldn't read the workspace's member list (Slack said \`${escapeMrkdwn(code)}\`), so the people named in this plan can't be DMed: the card lists them as not DM-able. Refine or delegate again once that is fixed.`;
  return errorMessage(text);
}

/** Undo brought the item back for review, but Slack kept some of what was posted. */
export function undoIncompleteMessage(problems: ReadonlyArray<{ params: ActionParams; code: string | null }>): Message {
  const what = joinMrkdwn(problems.map((p) => mrkdwn`${actionLabel(p.params)} (${escapeMrkdwn(p.code ?? 'Slack unreachable')})`), ', ');
  return errorMessage(mrkdwn`Undone and back for your review, but I could not delete what these did: ${what}. Please delete ${problems.length === 1 ? mrkdwn`it` : mrkdwn`them`} by hand.`);
}
