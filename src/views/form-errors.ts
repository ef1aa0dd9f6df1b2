import type { ReadRefusal } from '../domain/read-refusal';
import { readRefusalText } from './slack-access';
import { MAX_INSTRUCTIONS } from '../domain/command-grammar';
import { MAX_RULE_LENGTH } from '../domain/spec-constraints';

/** What a modal says inline, next to the field, when a submission cannot be taken (plain text: Slack shows it as is). */
export const FORM_ERRORS = {
  chooseAgent: 'Choose one of the agents.',
  noInstructions: 'Tell the agent what to do.',
  instructionsTooLong: `At most ${MAX_INSTRUCTIONS} characters.`,
  atWipLimit: (open: number, limit: number) => `You're at your WIP limit (${open} of ${limit}). Approve or reject something first; your text stays here.`,
  noFeedback: 'Say what should change.',
  ruleTooLong: `A rule is at most ${MAX_RULE_LENGTH} characters; shorten it or untick “Make this a rule”.`,
  noReason: 'Give a short reason.',
  delegateOutOfDate: 'That form is out of date; please open /delegate again.',
  cannotRead: (refusal: ReadRefusal) => `${readRefusalText(refusal).replace(/`/g, '')} Your text stays here.`,
} as const;
