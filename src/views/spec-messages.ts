import type { Message } from './card';
import { clamp, escapeMrkdwn, mrkdwn, section } from './kit';

export interface SpecVersionView {
  agent: string;
  version: number;
  /** null: for everyone in the workspace. */
  ownerId: string | null;
}

/** The confirmation of a new spec version: which version, for whom, and what changed. */
export function specTightenedMessage(v: SpecVersionView, change: string): Message {
  const who = v.ownerId === null ? 'everyone in the workspace' : 'you';
  // `change` quotes the rule as written (by a person, or by the spec-coach model): escaped.
  const text = clamp(mrkdwn`\`${escapeMrkdwn(v.agent)}@${v.version}\` is now the spec for ${escapeMrkdwn(who)}: ${escapeMrkdwn(change)}. The next runs use it.`, 3000, '…');
  return { text, blocks: [section(clamp(mrkdwn`:straight_ruler: ${text}`, 3000, '…'))] };
}
