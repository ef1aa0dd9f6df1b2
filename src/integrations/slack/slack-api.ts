import type { HomeView, KnownBlock } from '@slack/types';
import { WebClient } from '@slack/web-api';
import type { DirectoryUser } from '../../domain/action-plan';
import type { Logger } from '../../logger';
import type { Message, Mrkdwn } from '../../views/kit';
import { slackReader, type SlackReader } from './conversations';
import { platformErrorCode, slackCall } from './errors';

export type Posted = { channel: string; ts: string };
/** A message, or a text-only one (a thread reply). */
export type Postable = Message | { text: Mrkdwn; blocks?: KnownBlock[] };
export type Directory = { ok: true; users: DirectoryUser[] } | { ok: false; code: string };
export interface SlackUser {
  timeZone: string | undefined;
  deleted: boolean;
  /** A workspace admin or owner. */
  admin: boolean;
  /** A guest (single- or multi-channel) or someone from another workspace: sees only the channels they are in. */
  guest: boolean;
}

/**
 * The Slack Web API as the use cases need it: named for what they do, rendered messages in,
 * plain data out. Calls throw Slack's own errors (`platformErrorCode` reads them) unless
 * said otherwise. Bolt listeners keep using Bolt's client for modals.
 */
export interface SlackApi extends SlackReader {
  /** Posts a message (links not unfurled); Slack must say where it landed. */
  post(channel: string, message: Postable, opts?: { threadTs?: string }): Promise<Posted>;
  update(at: Posted, message: Message): Promise<void>;
  delete(at: Posted): Promise<void>;
  /** A link is a nicety: undefined (logged) when Slack would not give one. */
  permalink(at: Posted): Promise<string | undefined>;
  /** Tells one person privately where they are, or in their DM where an ephemeral is refused. */
  tell(to: { userId: string; channelId?: string }, message: Message): Promise<void>;
  publishHome(userId: string, view: HomeView): Promise<void>;
  user(userId: string): Promise<SlackUser>;
  /** The workspace's people (not bots, not deactivated), or Slack's error code when it would not say. */
  members(): Promise<Directory>;
}

export interface SlackApiOptions {
  logger: Logger;
  /** How long a member list read is reused (users.list is rate-limited); 0 reads it every time. Asked at each read. */
  directoryCacheMs: () => number;
  now?: () => number;
}

export function slackApi(client: WebClient, opts: SlackApiOptions): SlackApi {
  const { logger } = opts;
  const now = opts.now ?? Date.now;
  let directory: { at: number; users: DirectoryUser[] } | undefined;

  const post = async (channel: string, message: Postable, o: { threadTs?: string } = {}): Promise<Posted> => {
    const res = await client.chat.postMessage({
      channel,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
      unfurl_links: false,
      ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
    });
    if (!res.channel || !res.ts) throw new Error('chat.postMessage returned no channel or ts');
    return { channel: res.channel, ts: res.ts };
  };

  return {
    ...slackReader(client),
    post,
    async update(at, message) {
      await client.chat.update({ channel: at.channel, ts: at.ts, text: message.text, blocks: message.blocks });
    },
    async delete(at) {
      await client.chat.delete({ channel: at.channel, ts: at.ts });
    },
    async permalink(at) {
      try {
        return (await client.chat.getPermalink({ channel: at.channel, message_ts: at.ts })).permalink;
      } catch (error) {
        logger.warn(`chat.getPermalink for ${at.channel}/${at.ts} failed`, error);
        return undefined;
      }
    },
    async tell(to, message) {
      if (to.channelId && !to.channelId.startsWith('D')) {
        try {
          await client.chat.postEphemeral({ channel: to.channelId, user: to.userId, text: message.text, blocks: message.blocks });
          return;
        } catch (error) {
          logger.warn(`Ephemeral to ${to.userId} in ${to.channelId} failed; sending a DM instead.`, error);
        }
      }
      // Posting to a user id lands in their DM with the app (a DM between two people is not ours to post in).
      await slackCall('chat.postMessage', () => client.chat.postMessage({ channel: to.userId, text: message.text, blocks: message.blocks }));
    },
    async publishHome(userId, view) {
      await slackCall('views.publish', () => client.views.publish({ user_id: userId, view }));
    },
    async user(userId) {
      const info = await client.users.info({ user: userId });
      const u = info.user;
      return { timeZone: u?.tz, deleted: !!u?.deleted, admin: !!(u?.is_admin || u?.is_owner), guest: !!(u?.is_restricted || u?.is_ultra_restricted || u?.is_stranger) };
    },
    async members() {
      const at = now();
      if (directory && at - directory.at < opts.directoryCacheMs()) return { ok: true, users: directory.users };
      const read = await readMembers(client, logger);
      if (read.ok && opts.directoryCacheMs() > 0) directory = { at, users: read.users };
      return read;
    },
  };
}

async function readMembers(client: WebClient, logger: Logger): Promise<Directory> {
  const users: DirectoryUser[] = [];
  try {
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const res = await client.users.list({ limit: 200, ...(cursor ? { cursor } : {}) });
      for (const m of res.members ?? []) {
        if (!m.id || m.deleted || m.is_bot) continue;
        users.push({ id: m.id, name: m.name ?? '', displayName: m.profile?.display_name ?? '', realName: m.real_name ?? m.profile?.real_name ?? '' });
      }
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return { ok: true, users };
  } catch (error) {
    logger.warn('users.list failed; owners cannot be resolved for this plan', error);
    return { ok: false, code: platformErrorCode(error) ?? (error instanceof Error ? error.message : String(error)) };
  }
}

/**
 * The client action posts go through. Bolt's client retries for about half an hour and waits
 * out rate limits; this one gives up quickly (3 attempts of 10 s) and the action fails
 * visibly with Retry, so a stuck post never holds its action's claim for long.
 */
export function actionClient(token: string, slackApiUrl?: string): WebClient {
  return new WebClient(token, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    timeout: 10_000,
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2_000 },
    rejectRateLimitedCalls: true,
  });
}
