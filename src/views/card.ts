import type { KnownBlock } from '@slack/types';
import { lookedAtBlocks, type CardReads } from './evidence';
import type { WorkItemState } from '../domain/work-item';
import { outcomeBlocks, planBlocks, type CardPlan } from './action-plan';
import { ACTIONS, BLOCKS, encodeRef, specBlockId } from './slack-ids';
import { failedButtons, resolvedCloseButton, reviewButtons, tightenSpecSection } from './item-buttons';
import { actions, button, clamp, context, divider, escapeMrkdwn, fitBlocks, header, link, mrkdwn, section, type Message, type Mrkdwn } from './kit';
import { quoteUserText, slackDate } from './mrkdwn';

/** Everything a card shows; built by the use case, rendered here without I/O. */
export interface CardModel {
  itemId: string;
  ownerId: string;
  instructions: string;
  createdAt: Date;
  spec: { name: string; version: number; title: string; emoji: string };
  state: WorkItemState;
  /** The latest artifact version, if any, already rendered by its spec. */
  artifact?: { version: number; specVersion: number; blocks: KnownBlock[]; summary: string };
  /** The current version's actions: the plan while in review, their outcomes once approved. */
  plan?: CardPlan;
  /** Trust: Undo of an automatic approval while its window lasts; the offer to let the agent act. */
  trust?: { undoUntil?: Date; offerPromotion: boolean };
  /** Offer "Tighten spec" (not on the spec-coach's own proposals). */
  tightenSpec?: boolean;
  /** The latest run was taken over from a worker that died, so it took longer than usual. */
  resumed?: boolean;
  /** What the agent read for this version, and citations it did not read. */
  reads?: CardReads;
  /** The watched event that started it (a PR opened, an alert group firing), and what became of it since. */
  trigger?: CardTrigger;
}

export interface CardTrigger {
  kind: 'pull_request' | 'alert_group';
  /** `acme/web#42`, or the alert group's title. */
  label: string;
  url: string | null;
  /** A critical alert started it past the person's WIP limit. */
  overLimit: boolean;
  notifications: number;
  resolvedAt: Date | null;
}

export type { Message };

export function renderCard(model: CardModel): Message {
  const { spec, artifact } = model;
  const version = artifact ? ` · v${artifact.version}` : '';
  const blocks: KnownBlock[] = [
    header(`${spec.emoji} ${spec.title}${version}`),
    context(
      `Asked by <@${model.ownerId}> · ${slackDate(model.createdAt)} · \`${spec.name}@${artifact?.specVersion ?? spec.version}\`${model.resumed ? ' · resumed after an interruption' : ''}`,
    ),
    section(clamp(quoteUserText(model.instructions), 1500)),
    ...(model.trigger ? triggerBlocks(model.trigger) : []),
  ];
  if (artifact) blocks.push(divider(), ...artifact.blocks);
  // What it read, the status, plan, buttons and the Tighten offer always survive a cut (the artifact body gives way).
  const status = [...(artifact && model.reads ? lookedAtBlocks(model.itemId, artifact.version, model.reads) : []), ...statusBlocks(model)];
  blocks.push(divider(), ...status);
  const tighten = model.tightenSpec && artifact ? [tightenSpecSection(specBlockId(model.itemId), spec.name, `_Not what you need every time? Tighten \`${spec.name}\`'s spec._`)] : [];
  blocks.push(...tighten);
  return { text: fallbackText(model), blocks: fitBlocks(blocks, 50, status.length + 1 + tighten.length) };
}

/** What started it: a watched PR or alert, how often the alert fired, whether it resolved, and a limit passed. */
function triggerBlocks(t: CardTrigger): KnownBlock[] {
  const what = t.url ? link(t.url, clamp(t.label, 150, '…')) : escapeMrkdwn(clamp(t.label, 150, '…'));
  const lines =
    t.kind === 'pull_request'
      ? [mrkdwn`:zap: Started by your watch: ${what} was opened or marked ready for review.`]
      : [
          t.resolvedAt
            ? mrkdwn`:white_check_mark: *Resolved* ${escapeMrkdwn(`at ${t.resolvedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`)}: ${what}. Still waiting for your review; close it if there is nothing left to do.`
            : mrkdwn`:rotating_light: Started by your watch: ${what} ${t.notifications > 1 ? escapeMrkdwn(`is still firing (${t.notifications} notifications).`) : mrkdwn`is firing.`}`,
        ];
  if (t.overLimit) lines.push(mrkdwn`:warning: Started past your WIP limit: a critical alert does not wait for a free slot.`);
  return [context(...lines)];
}

function statusBlocks(model: CardModel): KnownBlock[] {
  const { state, itemId, spec } = model;
  switch (state.status) {
    case 'queued':
    case 'running':
      return [context(`:hourglass_flowing_sand: \`${spec.name}\` is working on it…`)];
    case 'refining':
      return [
        context(
          `:repeat: Refining version ${state.fromVersion} with your feedback: “${escapeMrkdwn(clamp(state.feedback, 500, '…'))}”`,
        ),
      ];
    case 'awaiting_review':
      return [
        context(`:eyes: Waiting for <@${model.ownerId}> to review.`),
        ...(model.plan ? planBlocks(itemId, state.version, model.plan) : []),
        reviewButtons(`review:${itemId}`, itemId, state.version),
        // The alert resolved while its triage waits: closing it is one click.
        ...(model.trigger?.resolvedAt ? [resolvedCloseButton(`resolved:${itemId}`, itemId, state.version)] : []),
      ];
    case 'failed':
      return [
        section(`:warning: *This run failed.* ${escapeMrkdwn(clamp(state.reason, 2500))}\nNothing is lost: your request${model.artifact ? ' and every version' : ''} are saved.`),
        failedButtons(`failed:${itemId}`, itemId, model.artifact?.version ?? 0),
      ];
    case 'approved':
      return [context(`:white_check_mark: ${approvedBy(state)}`), ...outcomes(model), ...trustBlocks(model)];
    case 'acting':
      return [context(`:gear: ${approvedBy(state)} · acting on it…`), ...outcomes(model), ...trustBlocks(model)];
    case 'completed':
      return [context(`:white_check_mark: ${approvedBy(state)} · completed ${slackDate(state.completedAt)}`), ...outcomes(model), ...trustBlocks(model)];
    case 'rejected':
      return [
        context(
          `:x: Rejected by <@${state.by}> · ${slackDate(state.at)}${state.reason ? ` · “${escapeMrkdwn(clamp(state.reason, 1000, '…'))}”` : ''}`,
        ),
      ];
    case 'cancelled':
      return [
        context(
          state.superseded
            ? `:no_entry_sign: Closed as superseded: what it was about was closed · ${slackDate(state.at)}`
            : `:no_entry_sign: Cancelled by <@${state.by}> · ${slackDate(state.at)}`,
        ),
      ];
  }
}

/** FYI with Undo while the window lasts (act level), or the offer to let the agent act next time. */
function trustBlocks(model: CardModel): KnownBlock[] {
  const { trust, itemId, spec } = model;
  const version = model.artifact?.version ?? 0;
  if (!trust) return [];
  const value = encodeRef({ itemId, version });
  if (trust.undoUntil) {
    return [
      context(`:information_source: FYI: \`${spec.name}\` acted without asking. Undo until ${slackDate(trust.undoUntil)} takes back what it posted and brings this back for your review.`),
      actions(BLOCKS.undo(itemId), [button({ text: 'Undo', actionId: ACTIONS.undo, value, style: 'danger' })]),
    ];
  }
  if (trust.offerPromotion) {
    return [actions(BLOCKS.promote(itemId), [button({ text: `Let ${spec.name} act without asking next time?`, actionId: ACTIONS.promote, value })])];
  }
  return [];
}

const outcomes = (model: CardModel) => (model.plan ? outcomeBlocks(model.itemId, model.plan) : []);

function approvedBy(state: { by: string; at: Date; auto: boolean }): string {
  return state.auto
    ? `Approved automatically (the agent acts without asking for <@${state.by}>) · ${slackDate(state.at)}`
    : `Approved by <@${state.by}> · ${slackDate(state.at)}`;
}

const STATE_WORDS: Record<WorkItemState['status'], string> = {
  queued: 'queued',
  running: 'working on it',
  awaiting_review: 'ready for your review',
  refining: 'refining',
  failed: 'failed',
  approved: 'approved',
  rejected: 'rejected',
  cancelled: 'cancelled',
  acting: 'approved, acting on it',
  completed: 'completed',
};

/** Text for notifications and screen readers; no mentions, so nobody is pinged twice. The summary is the model's: escaped. */
function fallbackText(model: CardModel): Mrkdwn {
  const summary = model.artifact ? mrkdwn`: ${escapeMrkdwn(model.artifact.summary)}` : '';
  return clamp(mrkdwn`${escapeMrkdwn(model.spec.title)} (${escapeMrkdwn(STATE_WORDS[model.state.status])})${summary}`, 3000, '…');
}

export function describeState(state: WorkItemState): string {
  return STATE_WORDS[state.status];
}
