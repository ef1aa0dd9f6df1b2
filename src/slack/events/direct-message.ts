import type { App } from '@slack/bolt';
import type { Deps } from '../../use-cases/deps';
import { routeRequest } from '../route-request';
import { helpMessage } from '../../views/messages';
import { agentInfos } from '../../use-cases/agents';
import { DEFAULT_AGENT } from '../../../specs/index';
import { imMessage } from '../payloads';

/** A DM to the bot is a delegation in the same grammar, answered in that DM. */
export function register(app: App, deps: Deps): void {
  app.event('message', async ({ event, client }) => {
    const parsed = imMessage.safeParse(event);
    // Edits, joins and bot messages (including our own replies) are not requests.
    if (!parsed.success || parsed.data.subtype || parsed.data.bot_id) return;
    const msg = parsed.data;
    // Bolt acknowledged the event on arrival; in a burst, the other requests go first.
    await deps.acks.settled();
    const result = await routeRequest(deps, {
      text: msg.text,
      userId: msg.user,
      teamId: msg.team ?? null,
      channelId: msg.channel,
      source: 'dm',
      sourceRef: `dm:${msg.channel}:${msg.ts}`,
    });
    if (result.kind === 'nothing') return;
    const message = result.kind === 'reply' ? result.message : helpMessage(agentInfos(deps), DEFAULT_AGENT);
    await client.chat.postMessage({ channel: msg.channel, text: message.text, blocks: message.blocks, ...(msg.thread_ts ? { thread_ts: msg.thread_ts } : {}) });
  });
}
