/**
 * Whether an agent may read a conversation for a person: only what that person can see.
 * Public channels the bot is in; private channels where both the bot and the person are
 * members; never a DM or group DM.
 */
export interface ConversationFacts {
  channelId: string;
  name: string;
  isPrivate: boolean;
  isDirect: boolean;
  isArchived: boolean;
  botIsMember: boolean;
}

export type SlackAccessRefusal =
  | { code: 'not_found'; channelId: string; name: string | null }
  | { code: 'direct_message'; channelId: string }
  | { code: 'archived'; channelId: string; name: string }
  | { code: 'bot_not_in_channel'; channelId: string; name: string }
  | { code: 'person_not_in_channel'; channelId: string; name: string }
  | { code: 'slack_error'; channelId: string; error: string };

/** `personIsMember` is asked only for private channels (null: not asked). */
export function slackAccess(c: ConversationFacts, personIsMember: boolean | null): SlackAccessRefusal | null {
  if (c.isDirect) return { code: 'direct_message', channelId: c.channelId };
  if (c.isArchived) return { code: 'archived', channelId: c.channelId, name: c.name };
  if (!c.botIsMember) return { code: 'bot_not_in_channel', channelId: c.channelId, name: c.name };
  if (c.isPrivate && personIsMember !== true) return { code: 'person_not_in_channel', channelId: c.channelId, name: c.name };
  return null;
}

/** Whether the person's membership must be checked before reading. */
export const needsPersonCheck = (c: ConversationFacts) => c.isPrivate && !c.isDirect;
