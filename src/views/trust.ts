import type { KnownBlock } from '@slack/types';
import { offersPromotion, type TrustChange, type TrustRecord } from '../domain/trust';
import { describeLevel } from './autonomy';
import type { Message } from './card';
import { escapeMrkdwn, mrkdwn, section } from './kit';
import { errorMessage, trustChangeMessage } from './messages';

export interface TrustView {
  agent: string;
  record: TrustRecord;
  /** Why the level last changed, in the words kept with the record. */
  reason: string | null;
}

const LEVEL_ICON = { observe: ':eye:', propose: ':raised_hand:', act: ':zap:' } as const;

/** One line per agent: level, track record, and how far from being offered to act. */
export function trustLine(t: TrustView, promoteAfter: number): string {
  const r = t.record;
  const record = `${r.approvals} approved · ${r.refines} refined · ${r.rejects} rejected${r.undos ? ` · ${r.undos} undone` : ''} · streak ${r.streak}`;
  const next =
    r.level === 'propose'
      ? offersPromotion(r, promoteAfter)
        ? ' · its next card offers to let it act'
        : ` · ${promoteAfter - r.streak} more approval${promoteAfter - r.streak === 1 ? '' : 's'} in a row before it may act`
      : '';
  const why = t.reason ? ` (${escapeMrkdwn(t.reason)})` : '';
  return `${LEVEL_ICON[r.level]} *${escapeMrkdwn(t.agent)}* ${describeLevel(r.level)}${why}\n      ${record}${next}`;
}

export function trustBlocks(rows: TrustView[], promoteAfter: number): KnownBlock[] {
  if (rows.length === 0) return [];
  return [section(`*Trust*\n${rows.map((t) => trustLine(t, promoteAfter)).join('\n')}`)];
}

export function trustMessage(rows: TrustView[], promoteAfter: number): Message {
  const help =
    `Every agent starts by proposing. After ${promoteAfter} approvals in a row its card offers to let it act without asking; ` +
    'a reject or an undo puts it back. `/delegate trust &lt;agent&gt; observe` shows its artifact only; `/delegate trust &lt;agent&gt; propose` stops it acting.';
  if (rows.length === 0) return { text: mrkdwn`No track record yet.`, blocks: [section(`*Trust*\nNo track record yet.\n${help}`)] };
  return { text: mrkdwn`Trust: ${escapeMrkdwn(rows.map((t) => `${t.agent} ${t.record.level}`).join(', '))}`, blocks: [...trustBlocks(rows, promoteAfter), section(help)] };
}

/** What `/delegate trust …` found or changed; `trustCommandMessage` words it. */
export type TrustCommandResult =
  | { kind: 'unknown_agent'; agent: string; agents: readonly string[] }
  | { kind: 'overview'; rows: TrustView[]; threshold: number }
  | { kind: 'already_acts'; agent: string }
  | { kind: 'act_only_from_card'; agent: string; threshold: number; streak: number }
  | { kind: 'unknown_level' }
  | { kind: 'unchanged'; agent: string; level: 'observe' | 'propose' }
  | { kind: 'changed'; agent: string; change: TrustChange };

const code = (text: string) => mrkdwn`\`${escapeMrkdwn(text)}\``;

/** The answer to `/delegate trust …`. */
export function trustCommandMessage(r: TrustCommandResult): Message {
  switch (r.kind) {
    case 'overview':
      return trustMessage(r.rows, r.threshold);
    case 'unknown_agent':
      return errorMessage(mrkdwn`There is no agent called ${code(r.agent)}. Available: ${escapeMrkdwn(r.agents.map((a) => `\`${a}\``).join(', '))}.`);
    case 'already_acts':
      return errorMessage(mrkdwn`${code(r.agent)} already acts without asking.`);
    case 'act_only_from_card':
      return errorMessage(
        mrkdwn`${code(r.agent)} is promoted to act only from one of its cards, after ${r.threshold} approvals in a row (it has ${r.streak}). That keeps the decision next to the work it is based on.`,
      );
    case 'unknown_level':
      return errorMessage(mrkdwn`The levels are \`observe\`, \`propose\` and \`act\`, e.g. \`/delegate trust research observe\`.`);
    case 'unchanged':
      return errorMessage(mrkdwn`${code(r.agent)} already ${r.level === 'observe' ? mrkdwn`only observes` : mrkdwn`proposes`}. Nothing changed.`);
    case 'changed':
      return trustChangeMessage(r.agent, r.change);
  }
}
