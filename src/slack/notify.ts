import type { Deps } from '../use-cases/deps';
import { slackCall } from '../use-cases/publish-card';
import type { Message } from '../views/card';

/**
 * Tells one person something privately where they are; if Slack refuses an ephemeral
 * there (the bot is not in that channel), it goes to their DM instead.
 */
export async function tellUser(
  deps: Pick<Deps, 'slack' | 'logger'>,
  to: { userId: string; channelId?: string },
  message: Message,
): Promise<void> {
  if (to.channelId && !to.channelId.startsWith('D')) {
    try {
      await deps.slack.chat.postEphemeral({ channel: to.channelId, user: to.userId, text: message.text, blocks: message.blocks });
      return;
    } catch (error) {
      deps.logger.warn(`Ephemeral to ${to.userId} in ${to.channelId} failed; sending a DM instead.`, error);
    }
  }
  // Posting to a user id lands in their DM with the app (a DM between two people is not ours to post in).
  await slackCall('chat.postMessage', () =>
    deps.slack.chat.postMessage({ channel: to.userId, text: message.text, blocks: message.blocks }),
  );
}
