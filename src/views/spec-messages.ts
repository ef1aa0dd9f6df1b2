import type { TighteningRefusal } from '../domain/spec-constraints';
import type { Message } from './card';
import { clamp, escapeMrkdwn, mrkdwn, section } from './kit';
import { errorMessage } from './messages';
import { tighteningErrorText } from './spec-constraints';

const sentences = (errors: readonly TighteningRefusal[]) => errors.map(tighteningErrorText).join(' ');

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

/** Why a refine's "Make this a rule" made no spec version (the refine itself still ran). */
export type RuleNotAdded = { why: 'spec_coach_proposal' } | { why: 'invalid'; errors: TighteningRefusal[] };

export function ruleNotAddedMessage(r: RuleNotAdded): Message {
  const why = r.why === 'spec_coach_proposal' ? 'a spec-coach proposal has no spec of yours to tighten.' : sentences(r.errors);
  return errorMessage(escapeMrkdwn(`No rule was added: ${why}`));
}

/** What came of approving a spec-coach proposal. */
export type ProposalApplied =
  | { kind: 'applied'; version: SpecVersionView; change: string }
  | { kind: 'unreadable' }
  | { kind: 'refused'; agent: string; errors: TighteningRefusal[] }
  | { kind: 'failed'; reason: string };

export function proposalAppliedMessage(r: ProposalApplied): Message {
  switch (r.kind) {
    case 'applied':
      return specTightenedMessage(r.version, r.change);
    case 'unreadable':
      return errorMessage(mrkdwn`Approved, but this proposal could not be read, so no spec changed.`);
    case 'refused':
      return errorMessage(escapeMrkdwn(`Approved, but nothing was applied to \`${r.agent}\`'s spec: ${sentences(r.errors)}`));
    case 'failed':
      return errorMessage(
        escapeMrkdwn(`Approved, but the spec change could not be applied (${r.reason}). Nothing changed in the spec; tighten it by hand or approve a new proposal.`),
      );
  }
}
