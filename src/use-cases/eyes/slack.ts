import { createHash } from 'node:crypto';
import type { DataBlock, ReadOutcome } from '../../agents/reading';
import { unreadEvidence, type Evidence } from '../../domain/evidence';
import { readWindow, type ReadWindow } from '../../domain/read-window';
import { cardMayShow, needsPersonCheck, slackAccess, type SlackAccessRefusal } from '../../domain/slack-access';
import type { ReadRefusal } from '../../domain/read-refusal';
import { messagePermalink, slackRefsIn, type SlackRef } from '../../domain/slack-refs';
import type { ConversationInfo, SlackMessage } from '../../integrations/slack/conversations';
import { lastChannelRead } from '../../repositories/evidence';
import type { Deps } from '../deps';
import { checkGitHubAccess } from './github';
import { checkRepoAccess } from './github-deps';
import { checkDocsAccess } from './github-docs';
import { getSpec } from '../../../specs/index';

type SlackDeps = Pick<Deps, 'slack' | 'db' | 'config' | 'now' | 'logger' | 'github'>;

export type ReadAccess = { ok: true; privateChannels: string[]; unchecked: boolean } | { ok: false; refusal: ReadRefusal };

/**
 * Whether the person may have the agent read every conversation the request names: asked
 * before anything is created, so a refusal loses nothing and leaves nothing behind. With
 * `withinMs` (a modal must be answered in 3 s) a check Slack is slow to answer is left to
 * the run, which checks again; the caller then treats every read as private.
 */
export async function readAccessFor(deps: SlackDeps, userId: string, agent: string, instructions: string, opts: { withinMs?: number } = {}): Promise<ReadAccess> {
  const context = getSpec(agent)?.eyes?.context ?? [];
  if (context.includes('github_pr')) {
    const refusal = await checkGitHubAccess(deps, agent, instructions);
    if (refusal) return { ok: false, refusal };
  }
  if (context.includes('github_deps')) {
    const refusal = await checkRepoAccess(deps, agent, instructions);
    if (refusal) return { ok: false, refusal };
  }
  if (context.includes('github_docs')) {
    const refusal = await checkDocsAccess(deps, agent, instructions);
    if (refusal) return { ok: false, refusal };
  }
  const refs = context.includes('slack') ? slackRefsIn(instructions) : [];
  if (!refs.length) return { ok: true, privateChannels: [], unchecked: false };
  const check = checkSlackAccess(deps, userId, refs);
  if (!opts.withinMs) return check;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<ReadAccess>((resolve) => {
    timer = setTimeout(() => resolve({ ok: true, privateChannels: [], unchecked: true }), opts.withinMs);
  });
  check.catch(() => undefined);
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}

/** Where the card may go: the request's channel, unless what is read is private to another channel (or unchecked). */
export function cardChannelFor(access: Extract<ReadAccess, { ok: true }>, requested: string, userId: string): string {
  return access.unchecked || !cardMayShow(access.privateChannels, requested) ? userId : requested;
}

async function checkSlackAccess(deps: SlackDeps, userId: string, refs: readonly SlackRef[]): Promise<ReadAccess> {
  const guest = await isGuest(deps, userId);
  const privateChannels: string[] = [];
  for (const ref of refs) {
    const checked = await access(deps, userId, ref, guest);
    if (checked.refusal) return { ok: false, refusal: checked.refusal };
    if (checked.info.isPrivate) privateChannels.push(checked.info.id);
  }
  return { ok: true, privateChannels, unchecked: false };
}

/** A guest sees only the channels they are in; when Slack will not say, they are treated as one. */
async function isGuest(deps: SlackDeps, userId: string): Promise<boolean> {
  return deps.slack.user(userId).then(
    (u) => u.guest,
    () => true,
  );
}

async function access(
  deps: SlackDeps,
  userId: string,
  ref: SlackRef,
  guest: boolean,
): Promise<{ refusal: SlackAccessRefusal; info?: undefined } | { refusal: null; info: ConversationInfo }> {
  const found = await deps.slack.conversation(ref.channelId);
  if (!found.ok) {
    // A private channel the bot is not in looks exactly like one that does not exist.
    if (found.code === 'channel_not_found') return { refusal: { code: 'not_found', channelId: ref.channelId, name: ref.kind === 'channel' ? ref.name : null } };
    return { refusal: { code: 'slack_error', channelId: ref.channelId, error: found.code } };
  }
  const { info } = found;
  const facts = { channelId: info.id, name: info.name, isPrivate: info.isPrivate, isDirect: info.isDirect, isArchived: info.isArchived, botIsMember: info.isMember };
  let member: boolean | null = null;
  if (needsPersonCheck(facts, guest) && info.isMember) {
    const answer = await deps.slack.isMember(info.id, userId);
    if (typeof answer !== 'boolean') return { refusal: { code: 'slack_error', channelId: info.id, error: answer.code } };
    member = answer;
  }
  const refusal = slackAccess(facts, member, guest);
  return refusal ? { refusal } : { refusal: null, info };
}

export interface SlackReadContext {
  /** The item, so its own earlier versions do not shorten the window of a refinement. */
  itemId: string;
  /** Where the card is shown: a private channel's content goes nowhere else. */
  cardChannel: string;
  ownerId: string;
  agent: string;
  instructions: string;
  timeZone: string;
}

/** The conversations a request names, read for the model; a refusal is a read that failed. */
export async function gatherSlack(deps: SlackDeps, ctx: SlackReadContext): Promise<ReadOutcome & { refusals: SlackAccessRefusal[] }> {
  const blocks: DataBlock[] = [];
  const evidence: Evidence[] = [];
  const refusals: SlackAccessRefusal[] = [];
  const refs = slackRefsIn(ctx.instructions);
  if (!refs.length) return { blocks, evidence, refusals };
  const names = await nameBook(deps);
  const workspace = await deps.slack.workspaceUrl();
  const guest = await isGuest(deps, ctx.ownerId);
  let budget = deps.config.slackEyes.maxMessages;
  for (const ref of refs) {
    const checked = await access(deps, ctx.ownerId, ref, guest);
    const refusal: SlackAccessRefusal | null =
      checked.refusal ?? (checked.info.isPrivate && !cardMayShow([checked.info.id], ctx.cardChannel) ? { code: 'private_elsewhere', channelId: checked.info.id, name: checked.info.name } : null);
    if (refusal || !checked.info) {
      refusals.push(refusal!);
      evidence.push(failedRead(ref, refusal!, deps.now()));
      continue;
    }
    const read =
      ref.kind === 'channel'
        ? await readChannel(deps, ctx, checked.info, budget)
        : await readThread(deps, checked.info, ref, budget);
    if (!read.ok) {
      const refusal: SlackAccessRefusal = { code: 'slack_error', channelId: ref.channelId, error: read.code };
      refusals.push(refusal);
      evidence.push(failedRead(ref, refusal, deps.now()));
      continue;
    }
    budget = Math.max(0, budget - read.messages.length);
    const text = transcript(read.messages, names, workspace, checked.info.id, ctx.timeZone);
    const label = ref.kind === 'channel' ? `#${checked.info.name}` : `thread in #${checked.info.name}`;
    const url = ref.kind === 'channel' ? `${workspace.replace(/\/$/, '')}/archives/${checked.info.id}` : ref.permalink;
    const header = ref.kind === 'channel' ? `${label}, ${read.messages.length} messages since ${read.window.since.toISOString()}` : label;
    blocks.push({ kind: ref.kind === 'channel' ? 'slack_channel' : 'slack_thread', source: url, text: `${header}${read.truncated ? ' (cut at the message cap)' : ''}\n${text}` });
    evidence.push({
      kind: ref.kind === 'channel' ? 'slack_channel' : 'slack_thread',
      ref: ref.kind === 'channel' ? `${checked.info.id} since ${read.window.since.toISOString()}` : ref.permalink,
      label,
      url,
      aliases: read.messages.map((m) => messagePermalink(workspace, checked.info.id, m.ts, m.threadTs ?? undefined)),
      via: 'context',
      at: deps.now(),
      bytes: Buffer.byteLength(text),
      items: read.messages.length,
      truncated: read.truncated,
      digest: createHash('sha256').update(text).digest('hex'),
      problem: null,
      since: ref.kind === 'channel' ? read.window.since : null,
    });
  }
  return { blocks, evidence, refusals };
}

type Read = { ok: true; messages: SlackMessage[]; truncated: boolean; window: ReadWindow } | { ok: false; code: string };

/** At most this many threads' replies are fetched per channel: each is one Slack call, and Slack limits them. */
const MAX_THREADS = 50;

/** The window's messages, oldest first, with the replies of threads active in it, never more than `cap` in all. */
async function readChannel(deps: SlackDeps, ctx: SlackReadContext, info: ConversationInfo, cap: number): Promise<Read> {
  const last = await lastChannelRead(deps.db, ctx.ownerId, ctx.agent, info.id, ctx.itemId);
  const window = readWindow(ctx.instructions, deps.now(), ctx.timeZone, last);
  const oldest = (window.since.getTime() / 1000).toFixed(6);
  if (cap <= 0) return { ok: true, messages: [], truncated: true, window };
  const history = await deps.slack.history(info.id, oldest, cap);
  if (!history.ok) return history;
  const parents = [...history.messages].reverse().filter(isConversation);
  const messages: SlackMessage[] = [];
  let truncated = history.truncated;
  let threads = 0;
  for (const [i, m] of parents.entries()) {
    messages.push(m);
    const active = m.replyCount > 0 && m.latestReply !== null && Number(m.latestReply) > Number(oldest);
    if (!active) continue;
    // Room for replies once every parent still to come is counted.
    const left = cap - messages.length - (parents.length - i - 1);
    if (left <= 0 || threads >= MAX_THREADS) {
      truncated = true;
      continue;
    }
    threads++;
    const thread = await deps.slack.replies(info.id, m.ts, left + 1);
    if (!thread.ok) continue; // the thread's parent is still read; its replies are not worth failing the run for
    // A broadcast reply is already in the channel's history.
    const replies = thread.messages.filter((r) => r.ts !== m.ts && Number(r.ts) > Number(oldest) && isConversation(r) && r.subtype !== 'thread_broadcast');
    messages.push(...replies.slice(0, left));
    truncated ||= thread.truncated || replies.length > left;
  }
  return { ok: true, messages, truncated, window };
}

async function readThread(deps: SlackDeps, info: ConversationInfo, ref: Extract<SlackRef, { kind: 'thread' }>, cap: number): Promise<Read> {
  const window: ReadWindow = { since: new Date(Number(ref.ts) * 1000), why: 'asked' };
  // The cap was spent on what came before it: cut short, not gone.
  if (cap <= 0) return { ok: true, messages: [], truncated: true, window };
  const thread = await deps.slack.replies(info.id, ref.ts, cap);
  if (!thread.ok) return thread.code === 'thread_not_found' ? { ok: false, code: 'message_gone' } : thread;
  const messages = thread.messages.filter(isConversation);
  if (!messages.length) return { ok: false, code: 'message_gone' };
  return { ok: true, messages, truncated: thread.truncated, window };
}

/** Joins, leaves and topic changes are not the conversation. */
function isConversation(m: SlackMessage): boolean {
  return !m.subtype || m.subtype === 'thread_broadcast' || m.subtype === 'bot_message' || m.subtype === 'file_share';
}

function transcript(messages: readonly SlackMessage[], names: Map<string, string>, workspace: string, channelId: string, timeZone: string): string {
  const when = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'short', timeStyle: 'short' });
  return messages
    .map((m) => {
      const who = m.user ? (names.get(m.user) ?? m.user) : m.botId ? 'a bot' : 'someone';
      const reply = m.threadTs && m.threadTs !== m.ts ? '  ↳ ' : '';
      const text = m.text.replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (_s, id: string) => `@${names.get(id) ?? id}`);
      return `${reply}[${when.format(new Date(Number(m.ts) * 1000))}] ${who} (${messagePermalink(workspace, channelId, m.ts, m.threadTs ?? undefined)}): ${text}`;
    })
    .join('\n');
}

async function nameBook(deps: SlackDeps): Promise<Map<string, string>> {
  const directory = await deps.slack.members();
  const names = new Map<string, string>();
  if (directory.ok) for (const u of directory.users) names.set(u.id, u.displayName || u.realName || u.name || u.id);
  return names;
}

function failedRead(ref: SlackRef, refusal: SlackAccessRefusal, at: Date): Evidence {
  return unreadEvidence({
    kind: ref.kind === 'channel' ? 'slack_channel' : 'slack_thread',
    ref: ref.kind === 'channel' ? ref.channelId : ref.permalink,
    label: ref.kind === 'channel' ? `#${ref.name ?? ref.channelId}` : 'a thread',
    via: 'context',
    at,
    problem: { ...refusal },
  });
}
