import type { Message } from './card';
import { clamp, escapeMrkdwn, section } from './kit';

export interface SpecVersionView {
  agent: string;
  version: number;
  /** null: for everyone in the workspace. */
  ownerId: string | null;
}

/** The confirmation of a new spec version: which version, for whom, and what changed. */
export function specTightenedMessage(v: SpecVersionView, change: string): Message {
  const who = v.ownerId === null ? 'everyone in the workspace' : 'you';
  const text = `\`${v.agent}@${v.version}\` is now the spec for ${who}: ${change}. The next runs use it.`;
  return { text: clamp(text, 3000, '…'), blocks: [section(clamp(`:straight_ruler: \`${escapeMrkdwn(v.agent)}@${v.version}\` is now the spec for ${who}: ${escapeMrkdwn(change)}. The next runs use it.`, 3000, '…'))] };
}
