import type { SlackAccessRefusal } from '../domain/slack-access';

/** Why a conversation will not be read, in words the person can act on. */
export function slackAccessText(r: SlackAccessRefusal): string {
  switch (r.code) {
    case 'not_found':
      return `I can't see ${r.name ? `#${r.name}` : `the channel ${r.channelId}`}: it was deleted, or it is private and I'm not in it (invite @Delegate to it first).`;
    case 'direct_message':
      return "I don't read direct messages: point me at a channel or a thread in one.";
    case 'archived':
      return `#${r.name} is archived, so there is nothing new to read.`;
    case 'bot_not_in_channel':
      return `Invite @Delegate to #${r.name} first (\`/invite @Delegate\` in the channel), then try again.`;
    case 'person_not_in_channel':
      return `#${r.name} is private and you are not in it, so I won't read it for you.`;
    case 'private_elsewhere':
      return `#${r.name} is private, so what I read there goes only to that channel or your DM; delegate from one of them.`;
    case 'slack_error':
      return r.error === 'message_gone'
        ? 'That message is gone (deleted, or in a conversation I can no longer see).'
        : `Slack would not let me read the channel ${r.channelId} (${r.error}).`;
  }
}
