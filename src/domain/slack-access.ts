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
  | { code: 'slack_error'; channelId: string; error: string }
  /** What a private channel says would be shown where its members are not all present. */
  | { code: 'private_elsewhere'; channelId: string; name: string };

/**
 * Where a card built from what was read may be shown: a private channel's content stays in
 * that channel or the owner's DM. `cardChannel` is where the request came from (D…: a DM).
 */
export function cardMayShow(privateChannelIds: readonly string[], cardChannel: string): boolean {
  return cardChannel.startsWith('D') || /^[UW]/.test(cardChannel) || privateChannelIds.every((id) => id === cardChannel);
}

/**
 * `personIsMember` is asked only when it matters (null: not asked): for private channels, and
 * for a guest, who sees only the channels they are in, public ones included.
 */
export function slackAccess(c: ConversationFacts, personIsMember: boolean | null, personIsGuest = false): SlackAccessRefusal | null {
  if (c.isDirect) return { code: 'direct_message', channelId: c.channelId };
  if (c.isArchived) return { code: 'archived', channelId: c.channelId, name: c.name };
  if (!c.botIsMember) return { code: 'bot_not_in_channel', channelId: c.channelId, name: c.name };
  if ((c.isPrivate || personIsGuest) && personIsMember !== true) return { code: 'person_not_in_channel', channelId: c.channelId, name: c.name };
  return null;
}

/** Whether the person's membership must be checked before reading. */
export const needsPersonCheck = (c: ConversationFacts, personIsGuest = false) => (c.isPrivate || personIsGuest) && !c.isDirect;
