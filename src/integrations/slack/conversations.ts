import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { platformErrorCode } from './errors';

export interface ConversationInfo {
  id: string;
  name: string;
  isPrivate: boolean;
  /** A DM or a group DM: never read, except the bot's own. */
  isDirect: boolean;
  isArchived: boolean;
  /** The bot is in it. */
  isMember: boolean;
}

export interface SlackMessage {
  ts: string;
  user: string | null;
  botId: string | null;
  text: string;
  threadTs: string | null;
  replyCount: number;
  latestReply: string | null;
  subtype: string | null;
}

export type Failed = { ok: false; code: string };

/**
 * Reading conversations for Slack eyes. Bolt's client waits out rate limits (Retry-After)
 * and retries; a refusal comes back as Slack's error code, not a throw.
 */
export interface SlackReader {
  /** The workspace's URL (auth.test), for permalinks. */
  workspaceUrl(): Promise<string>;
  conversation(channelId: string): Promise<{ ok: true; info: ConversationInfo } | Failed>;
  isMember(channelId: string, userId: string): Promise<boolean | Failed>;
  /** Messages newer than `oldest` (seconds.micro), newest first as Slack pages them, up to `cap`. */
  history(channelId: string, oldest: string, cap: number): Promise<{ ok: true; messages: SlackMessage[]; truncated: boolean } | Failed>;
  /** A thread: its parent and replies, up to `cap`. */
  replies(channelId: string, ts: string, cap: number): Promise<{ ok: true; messages: SlackMessage[]; truncated: boolean } | Failed>;
}

const PAGE = 200;

export function slackReader(client: WebClient): SlackReader {
  let workspace: string | undefined;
  const failed = (error: unknown): Failed => ({ ok: false, code: platformErrorCode(error) ?? (error instanceof Error ? error.message : String(error)) });

  return {
    async workspaceUrl() {
      workspace ??= (await client.auth.test()).url ?? 'https://slack.com/';
      return workspace;
    },
    async conversation(channelId) {
      try {
        const c = (await client.conversations.info({ channel: channelId })).channel;
        if (!c?.id) return { ok: false, code: 'channel_not_found' };
        return {
          ok: true,
          info: { id: c.id, name: c.name ?? c.id, isPrivate: !!c.is_private, isDirect: !!(c.is_im || c.is_mpim), isArchived: !!c.is_archived, isMember: !!c.is_member },
        };
      } catch (error) {
        return failed(error);
      }
    },
    async isMember(channelId, userId) {
      try {
        let cursor: string | undefined;
        for (let page = 0; page < 100; page++) {
          const res = await client.conversations.members({ channel: channelId, limit: 500, ...(cursor ? { cursor } : {}) });
          if (res.members?.includes(userId)) return true;
          cursor = res.response_metadata?.next_cursor || undefined;
          if (!cursor) return false;
        }
        return false;
      } catch (error) {
        return failed(error);
      }
    },
    async history(channelId, oldest, cap) {
      return paged(cap, failed, (cursor) => client.conversations.history({ channel: channelId, oldest, limit: PAGE, inclusive: false, ...(cursor ? { cursor } : {}) }));
    },
    async replies(channelId, ts, cap) {
      return paged(cap, failed, (cursor) => client.conversations.replies({ channel: channelId, ts, limit: PAGE, ...(cursor ? { cursor } : {}) }));
    },
  };
}

type Page = { messages?: Array<Record<string, any>>; has_more?: boolean; response_metadata?: { next_cursor?: string } };

async function paged(cap: number, failed: (e: unknown) => Failed, read: (cursor?: string) => Promise<Page>) {
  const messages: SlackMessage[] = [];
  try {
    let cursor: string | undefined;
    for (;;) {
      const res = await read(cursor);
      for (const m of res.messages ?? []) {
        if (messages.length >= cap) return { ok: true as const, messages, truncated: true };
        const message = toMessage(m);
        if (message) messages.push(message);
      }
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor || !res.has_more) return { ok: true as const, messages, truncated: false };
    }
  } catch (error) {
    return failed(error);
  }
}

/** A message as Slack sends it, parsed: a field of an unexpected shape is read as absent, never trusted. */
const slackMessage = z
  .object({
    ts: z.string().regex(/^\d+\.\d+$/),
    user: z.string().nullish().catch(null),
    bot_id: z.string().nullish().catch(null),
    text: z.string().catch(''),
    thread_ts: z.string().nullish().catch(null),
    reply_count: z.number().int().nonnegative().catch(0),
    latest_reply: z.string().nullish().catch(null),
    subtype: z.string().nullish().catch(null),
  })
  .transform(
    (m): SlackMessage => ({
      ts: m.ts,
      user: m.user ?? null,
      botId: m.bot_id ?? null,
      text: m.text,
      threadTs: m.thread_ts ?? null,
      replyCount: m.reply_count,
      latestReply: m.latest_reply ?? null,
      subtype: m.subtype ?? null,
    }),
  );

/** A message without a timestamp cannot be placed or linked: it is left out. */
function toMessage(m: unknown): SlackMessage | null {
  const parsed = slackMessage.safeParse(m);
  return parsed.success ? parsed.data : null;
}
