import type { KnownBlock } from '@slack/types';
import type { ActionParams, ActionStatus, PlanNote } from '../domain/action-plan';
import { describePlan } from './reasons';
import { ACTIONS, BLOCKS, encodeActionRef, numberedAction } from './slack-ids';
import { actions, appWords, button, channelLink, channelsSelect, checkboxes, clamp, context, escapeMrkdwn, link, mrkdwn, section, type Mrkdwn } from './kit';

/** A note under the plan: what could not be planned, or that an agent only observing for this person offers no actions. */
export type CardNote = PlanNote | { code: 'observing'; agent: string };

/** A note in words (plain text: it quotes owner names the model wrote, so the card escapes it). */
export function planNoteText(note: CardNote): string {
  switch (note.code) {
    case 'owners_unresolved':
      return `Not a Slack member I can DM, so not assigned: ${note.owners.map((o) => `“${o}”`).join(', ')}.`;
    case 'no_incident_channel':
      return 'No incident channel is configured (INCIDENT_CHANNEL), so the escalation is not posted to one.';
    case 'escalation_target_unresolved':
      return `The escalation target “${note.target}” is not a Slack member I can DM.`;
    case 'github_target_unclear':
      return `“${note.named}” is not a pull request or repository the request named, so nothing is written on GitHub.`;
    case 'observing':
      return `${note.agent} only observes for you, so no actions are offered (\`/delegate trust ${note.agent} propose\` lets it propose them again).`;
  }
}

const noteBlock = (notes: readonly CardNote[]) => context(...notes.map((n) => `:information_source: ${escapeMrkdwn(planNoteText(n))}`));

/** One action as the card shows it. */
export interface CardAction {
  id: string;
  params: ActionParams;
  selected: boolean;
  status: ActionStatus;
  error: string | null;
  permalink?: string;
}

export interface CardPlan {
  actions: CardAction[];
  /** What could not be planned (unresolved owners, no incident channel), or why nothing is offered. */
  notes: CardNote[];
  /** Whether the artifact can be published (a channel can be chosen on the card). */
  canPublish: boolean;
  publishChannelId: string | null;
}

const name = (n: string) => escapeMrkdwn(clamp(n, 30, '…'));
const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** mrkdwn label; nobody is mentioned, so showing the plan pings no one. */
export function actionLabel(p: ActionParams): Mrkdwn {
  switch (p.kind) {
    case 'publish':
      return mrkdwn`Post to ${channelLink(p.channelId)}`;
    case 'assign':
      return mrkdwn`DM ${name(p.name)} ${escapeMrkdwn(count(p.items.length, 'action item'))}`;
    case 'escalate_post':
      return mrkdwn`Escalate in ${channelLink(p.channelId)}`;
    case 'escalate_dm':
      return mrkdwn`DM ${name(p.name)} the escalation`;
    case 'github_review':
      return mrkdwn`Comment on ${escapeMrkdwn(`${p.owner}/${p.repo}#${p.number}`)} on GitHub (${escapeMrkdwn(count(p.comments.length, 'remark'))}, never approve or block)`;
    case 'github_issue':
      return mrkdwn`Open an issue in ${escapeMrkdwn(`${p.owner}/${p.repo}`)}: ${escapeMrkdwn(clamp(p.title, 60, '…'))}`;
  }
}

/** Plain words for a button (no channel links there; `plain` escapes the name). */
function shortLabel(p: ActionParams): string {
  switch (p.kind) {
    case 'publish':
      return 'the post';
    case 'assign':
    case 'escalate_dm':
      return `DM ${clamp(p.name, 30, '…')}`;
    case 'escalate_post':
      return 'the incident post';
    case 'github_review':
      return 'the GitHub review';
    case 'github_issue':
      return 'the GitHub issue';
  }
}

/** While awaiting review: what approving will do, with a tick per action and where to publish. */
export function planBlocks(itemId: string, version: number, plan: CardPlan): KnownBlock[] {
  if (!plan.actions.length && !plan.notes.length && !plan.canPublish) return [];
  const selected = plan.actions.filter((a) => a.selected).map((a) => a.params);
  const summary = plan.actions.length
    ? appWords(describePlan(selected))
    : `nothing else happens.${plan.canPublish ? ' Choose a channel below to publish it there.' : ''}`;
  const blocks: KnownBlock[] = [section(`*On approve:* ${summary}`)];
  for (let chunk = 0; chunk * 10 < plan.actions.length; chunk++) {
    const rows = plan.actions.slice(chunk * 10, chunk * 10 + 10);
    blocks.push(
      actions(BLOCKS.plan(itemId, version, chunk), [
        checkboxes({
          actionId: ACTIONS.selectActions,
          options: rows.map((a) => ({ text: actionLabel(a.params), value: a.id })),
          selected: rows.filter((a) => a.selected).map((a) => a.id),
        }),
      ]),
    );
  }
  if (plan.canPublish) {
    blocks.push(
      actions(BLOCKS.publishTo(itemId, version), [
        channelsSelect({ actionId: ACTIONS.publishTo, placeholder: plan.publishChannelId ? 'Publish elsewhere…' : 'Publish to a channel…', initial: plan.publishChannelId }),
      ]),
    );
  }
  if (plan.notes.length) blocks.push(noteBlock(plan.notes));
  return blocks;
}

const ICON: Record<ActionStatus, string> = {
  planned: ':white_small_square:',
  queued: ':hourglass_flowing_sand:',
  running: ':hourglass_flowing_sand:',
  succeeded: ':white_check_mark:',
  failed: ':warning:',
  skipped: ':heavy_minus_sign:',
  undone: ':leftwards_arrow_with_hook:',
};

function outcomeLine(a: CardAction): string {
  const label = actionLabel(a.params);
  switch (a.status) {
    case 'succeeded':
      return `${ICON.succeeded} ${label}${a.permalink ? ` · ${link(a.permalink, 'view')}` : ''}`;
    case 'failed':
      return `${ICON.failed} ${label}: ${appWords(a.error ?? 'failed')}`;
    case 'skipped':
      return `${ICON.skipped} ${label} · skipped${a.error ? ` (${appWords(a.error)})` : ''}`;
    case 'undone':
      return `${ICON.undone} ${label} · undone`;
    case 'queued':
    case 'running':
      return `${ICON.queued} ${label}…`;
    case 'planned':
      return `${ICON.planned} ${label}`;
  }
}

/** After approval: each action's outcome and, for a failed one, Retry and Skip for that action alone. */
export function outcomeBlocks(itemId: string, plan: CardPlan): KnownBlock[] {
  const ran = plan.actions.filter((a) => a.status !== 'planned');
  // What could not be planned stays visible after approval too (e.g. an owner nobody could DM).
  const notes = plan.notes.length ? [noteBlock(plan.notes)] : [];
  if (!ran.length) return notes;
  const blocks: KnownBlock[] = [section(clamp(`*Actions*\n${ran.map(outcomeLine).join('\n')}`, 3000)), ...notes];
  const failed = ran.filter((a) => a.status === 'failed').slice(0, 12);
  if (failed.length) {
    blocks.push(
      actions(
        BLOCKS.actionOutcomes(itemId),
        failed.flatMap((a, i) => {
          const value = encodeActionRef({ actionId: a.id });
          const what = shortLabel(a.params);
          return [
            button({ text: `Retry ${what}`, actionId: numberedAction(ACTIONS.retryAction, i), value, style: 'primary' }),
            button({ text: `Skip ${what}`, actionId: numberedAction(ACTIONS.skipAction, i), value }),
          ];
        }),
      ),
    );
  }
  return blocks;
}
