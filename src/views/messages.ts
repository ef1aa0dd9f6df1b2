import type { KnownBlock } from '@slack/types';
import type { Autonomy, WorkItemState } from '../domain/work-item';
import type { TrustChange } from '../domain/trust';
import { describeLevel, trustCauseText } from './autonomy';
import { describeState, type Message } from './card';
import { bullets, channelLink, clamp, context, escapeMrkdwn, mention, mrkdwn, section, type Mrkdwn } from './kit';
import { age, preview, quoteUserText, slackDate } from './mrkdwn';

export interface AgentInfo {
  name: string;
  title: string;
  emoji: string;
  description: string;
  example: string;
  /** Unavailable until an admin sets this (e.g. GITHUB_TOKEN). */
  needs?: string;
}

export interface OpenItemView {
  id: string;
  agent: string;
  instructions: string;
  state: WorkItemState;
  createdAt: Date;
  updatedAt: Date;
}

const short = (id: string) => id.slice(0, 8);
const PREVIEW = 80;
const code = (text: string) => mrkdwn`\`${escapeMrkdwn(text)}\``;

export function helpMessage(agents: AgentInfo[], defaultAgent: string): Message {
  const agentLines = agents
    .map((a) =>
      a.needs
        ? `${a.emoji} *${escapeMrkdwn(a.name)}* _(unavailable: an admin sets ${escapeMrkdwn(a.needs)})_: ${escapeMrkdwn(a.description)}`
        : `${a.emoji} *${escapeMrkdwn(a.name)}*${a.name === defaultAgent ? ' (default)' : ''}: ${escapeMrkdwn(a.description)}\n      e.g. ${code(`/delegate ${a.name}: ${a.example}`)}`,
    )
    .join('\n');
  const blocks: KnownBlock[] = [
    section('*Delegate work to an agent.* It answers with a card you approve, refine or reject.'),
    section(
      escapeMrkdwn([
        '`/delegate <instructions>`: the default agent',
        '`/delegate <agent>: <instructions>`: a specific agent',
        '`/delegate <agent> to #channel: <instructions>`: and once you approve, the artifact is posted in #channel',
        '`/delegate`: open a form',
        '`/delegate status`: your work in progress',
        '`/delegate limit <n>`: your WIP limit (1–50)',
        '`/delegate every friday 16:00 research: …`: a recurring agent (`daily 8:30`, `weekdays 9:00`, `weekly mon 9:00`, `monthly 15 9:00`, `cron "0 9 * * 1-5"`, `ready by friday 9:00`)',
        '`/delegate schedules`: your schedules (pause, resume, run now, delete)',
        '`/delegate watch acme/web pr-review` · `watch alerts triage severity=critical`: events start an agent for you (`to #channel` for its cards); `/delegate watching` lists them, `unwatch …` stops one',
        '`/delegate digest 8:45` · `digest #channel` · `digest dm` · `digest off` · `digest quiet`: your daily digest',
        '`/delegate stale 48h`: when a waiting review counts as stale',
        '`/delegate trust`: what each agent may do without asking, and its track record (`trust <agent> observe|propose`)',
        'A direct message to me works like `/delegate`.',
      ].join('\n')),
    ),
    section(`*Agents*\n${agentLines}`),
  ];
  return { text: mrkdwn`How to use /delegate`, blocks };
}

export function acceptedMessage(agent: string, itemId: string, open: number, limit: number): Message {
  const text = mrkdwn`Got it: ${code(agent)} is on it. The card will appear here when it is ready. WIP ${open} of ${limit}.`;
  return { text, blocks: [section(text), context(`Item \`${short(itemId)}\``)] };
}

export function refusedMessage(open: number, limit: number, oldest: OpenItemView[], now: Date): Message {
  const lines = oldest.map(
    (i) => `\`${short(i.id)}\` *${i.agent}* ${describeState(i.state)} for ${age(i.updatedAt, now)}: “${preview(i.instructions, PREVIEW)}”`,
  );
  const text = mrkdwn`You're at your WIP limit (${open} of ${limit}), so nothing new was started. Close something first:`;
  return {
    text: mrkdwn`${text} ${oldest.length} open items.`,
    blocks: [
      section(`:no_entry: ${text}`),
      section(lines.join('\n') || '_(no open items)_'),
      context('Approve or reject a card to free a slot at once, or raise your limit with `/delegate limit &lt;n&gt;`.'),
    ],
  };
}

export interface DeferredRunView {
  agent: string;
  instructions: string;
  since: Date;
  count: number;
}

export function statusMessage(items: OpenItemView[], limit: number, now: Date, deferred: DeferredRunView[] = []): Message {
  const head = `*WIP ${items.length} of ${limit}*`;
  const waiting = deferred.length
    ? [
        section(
          `*Scheduled runs waiting for room*\n${deferred
            .map((d) => `*${d.agent}* for ${age(d.since, now)}${d.count > 1 ? ` (${d.count} due runs coalesced)` : ''}: “${preview(d.instructions, PREVIEW)}”`)
            .join('\n')}`,
        ),
      ]
    : [];
  if (items.length === 0) {
    return {
      text: mrkdwn`WIP 0 of ${limit}. Nothing open.`,
      blocks: [section(`${head}\nNothing open. Delegate something with \`/delegate &lt;instructions&gt;\`.`), ...waiting],
    };
  }
  const lines = items.map((i) => `\`${short(i.id)}\` *${i.agent}*: ${waitingFor(i.state)} (${age(i.updatedAt, now)}) “${preview(i.instructions, PREVIEW)}”`);
  return {
    text: mrkdwn`WIP ${items.length} of ${limit}.`,
    blocks: [section(head), section(lines.join('\n')), ...waiting],
  };
}

function waitingFor(state: WorkItemState): string {
  switch (state.status) {
    case 'queued':
      return 'waiting for the agent to start';
    case 'running':
      return 'waiting for the agent to finish';
    case 'refining':
      return `waiting for the agent to revise v${state.fromVersion}`;
    case 'awaiting_review':
      return `waiting for *your review* of v${state.version}`;
    case 'failed':
      return `failed, waiting for you to retry or cancel: ${escapeMrkdwn(clamp(state.reason, 120, '…'))}`;
    default:
      return describeState(state);
  }
}

export function limitMessage(limit: number, open: number, changed: boolean): Message {
  const text = changed
    ? mrkdwn`Your WIP limit is now ${limit}.${open >= limit ? mrkdwn` You have ${open} open, so new work waits until you close ${open - limit + 1}.` : ''}`
    : mrkdwn`Your WIP limit is ${limit} (${open} open). Change it with \`/delegate limit &lt;n&gt;\`, from 1 to 50.`;
  return { text, blocks: [section(text)] };
}

/** `message` is mrkdwn: words from elsewhere (a parser, an error) come through `escapeMrkdwn`. */
export function errorMessage(message: Mrkdwn): Message {
  return { text: message, blocks: [section(`:warning: ${message}`)] };
}

/** When the bot cannot post in the conversation it was asked from, the card goes to the owner's DM. */
export function movedToDmNote(channelId: string): Mrkdwn {
  return mrkdwn`I can't post in ${channelLink(channelId)} (invite me with \`/invite @Delegate\`), so your card is here.`;
}

export { bullets };

/** A refusal that hands the person's text back (as typed, unescaped), so a rejected request loses nothing. */
export function refusedWithTextMessage(message: Mrkdwn, original: string): Message {
  const chunks: string[] = [];
  for (let i = 0; i < original.length && chunks.length < 15; i += 2800) chunks.push(original.slice(i, i + 2800));
  return {
    text: clamp(mrkdwn`${message}\n\nYour text:\n${quoteUserText(original)}`, 40_000, '…'),
    blocks: [
      section(`:warning: ${message}`),
      context('Your text, so nothing is lost:'),
      ...chunks.map((c) => section(`\`\`\`${escapeMrkdwn(c)}\`\`\``)),
    ],
  };
}

export function refusalMessage(
  refusal:
    | { code: 'not_owner'; ownerId: string }
    | { code: 'stale_version'; current: number | null; requested: number }
    | { code: 'transition_refused'; from: WorkItemState['status']; command: string }
    | { code: 'undo_window_passed'; at: Date }
    | { code: 'item_not_found' },
): Message {
  switch (refusal.code) {
    case 'not_owner':
      return errorMessage(mrkdwn`Only ${mention(refusal.ownerId)} can review this. Nothing changed.`);
    case 'stale_version':
      return errorMessage(
        mrkdwn`This button is for version ${refusal.requested}, but version ${refusal.current ?? mrkdwn`?`} is current. Use the buttons on the updated card.`,
      );
    case 'transition_refused':
      return errorMessage(mrkdwn`This item is ${escapeMrkdwn(describeStatus(refusal.from))}, so it can't be ${escapeMrkdwn(PAST[refusal.command] ?? refusal.command)}. Nothing changed.`);
    case 'undo_window_passed':
      return errorMessage(mrkdwn`The undo window has passed (it was approved automatically ${slackDate(refusal.at)}). Nothing changed.`);
    case 'item_not_found':
      return errorMessage(mrkdwn`That item no longer exists.`);
  }
}

const PAST: Record<string, string> = {
  approve: 'approved',
  reject: 'rejected',
  refine: 'refined',
  retry: 'retried',
  cancel: 'cancelled',
  undo: 'undone',
};

function describeStatus(status: WorkItemState['status']): string {
  return status === 'awaiting_review' ? 'waiting for review' : status === 'running' || status === 'queued' ? 'still running' : `already ${status}`;
}

export function cardNotUpdatedMessage(reason: string): Message {
  return errorMessage(mrkdwn`Your decision was saved, but the card could not be updated: ${escapeMrkdwn(reason)}`);
}

/** Said when an agent's autonomy level changes, so a demotion never happens silently. */
export function trustChangeMessage(agent: string, change: TrustChange): Message {
  const why = escapeMrkdwn(trustCauseText(change.cause));
  const text =
    change.to === 'act'
      ? mrkdwn`:handshake: ${code(agent)} will act without asking you from now on (${why}). Its cards become FYIs with Undo; a reject or an undo puts it back to proposing.`
      : mrkdwn`:information_source: ${code(agent)} now ${escapeMrkdwn(describeLevel(change.to))}, because ${why}.`;
  return { text, blocks: [section(text)] };
}


export function promotionRefusedMessage(
  refusal: { code: 'not_earned'; streak: number; threshold: number } | { code: 'already'; level: Autonomy } | { code: 'item_not_found' } | { code: 'not_owner'; ownerId: string },
): Message {
  switch (refusal.code) {
    case 'not_earned':
      return errorMessage(mrkdwn`Not yet: that takes ${refusal.threshold} approvals in a row, and the streak is ${refusal.streak} now. Nothing changed.`);
    case 'already':
      return errorMessage(mrkdwn`It already ${escapeMrkdwn(describeLevel(refusal.level))}. Nothing changed.`);
    case 'item_not_found':
      return errorMessage(mrkdwn`That item no longer exists.`);
    case 'not_owner':
      return errorMessage(mrkdwn`Only ${mention(refusal.ownerId)} can decide how much their agents may do. Nothing changed.`);
  }
}

/** The one gentle reminder a day, in the card's thread (text only: a thread reply needs no blocks). */
export function staleReminder(ownerId: string, waitingSince: Date, now: Date): { text: Mrkdwn } {
  return { text: mrkdwn`:hourglass: ${mention(ownerId)}, this has been waiting for your review for ${age(waitingSince, now)}. Approve, refine or reject it above whenever you are ready.` };
}
