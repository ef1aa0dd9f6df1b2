import { z } from 'zod';
import { defineSpec } from '../src/agents/spec';
import { CONSTRAINT_KINDS } from '../src/domain/spec-constraints';
import { context, escapeMrkdwn, section } from '../src/views/kit';

/** Built in, not offered in /delegate: the app delegates to it when feedback keeps repeating a theme. */
export const SPEC_COACH = 'spec-coach';

export const specCoachArtifact = z.object({
  agent: z.string().min(1).max(50).describe('The agent whose spec this changes, exactly as given.'),
  field_changes: z
    .array(
      z.object({
        path: z.string().min(1).max(100).describe('A field path from the list given, e.g. "title" or "findings.source".'),
        kind: z.enum(CONSTRAINT_KINDS).describe('maxLength, required, enum, pattern, minItems or maxItems.'),
        value: z
          .string()
          .max(500)
          .describe('A whole number for maxLength, minItems and maxItems; comma-separated values for enum; a regular expression for pattern; empty for required.'),
      }),
    )
    .max(5)
    .describe('Constraints that would have prevented the feedback, tighter than what is in force; empty when a rule says it better.'),
  rule: z.string().min(1).max(300).nullable().describe('One free-text rule for the agent, imperative; null when the field changes are enough.'),
  reason: z.string().min(1).max(600).describe('Why this change, quoting the recurring feedback.'),
});

export type SpecCoachArtifact = z.infer<typeof specCoachArtifact>;

const KIND_WORDS: Record<SpecCoachArtifact['field_changes'][number]['kind'], string> = {
  maxLength: 'at most {} characters',
  required: 'required',
  enum: 'one of {}',
  pattern: 'matches {}',
  minItems: 'at least {} items',
  maxItems: 'at most {} items',
};

export const specCoach = defineSpec<SpecCoachArtifact>({
  name: SPEC_COACH,
  version: 1,
  title: 'Spec change proposal',
  emoji: ':straight_ruler:',
  description: 'Proposes a tighter spec when the same feedback keeps coming back.',
  example: '(built in: started by Delegate, not by /delegate)',
  schema: specCoachArtifact,
  prompt:
    "You improve an AI agent's job description (its output spec). The person keeps giving the same feedback. Propose the smallest " +
    'change that would have prevented it: constraints on the listed fields (tighter than what is in force), a free-text rule, or both. ' +
    'Use only the listed field paths and constraint kinds. Explain the reason briefly.',
  render: (a) => [
    section(`*Proposed change to \`${escapeMrkdwn(a.agent)}\`'s spec*\n${escapeMrkdwn(a.reason)}`),
    ...(a.field_changes.length
      ? [
          section(
            `*Field constraints*\n${a.field_changes
              .map((c) => `• \`${escapeMrkdwn(c.path)}\` ${escapeMrkdwn(KIND_WORDS[c.kind].replace('{}', () => c.value))}`)
              .join('\n')}`,
          ),
        ]
      : []),
    ...(a.rule ? [section(`*Rule*\n${escapeMrkdwn(a.rule)}`)] : []),
    context('Approve applies the change as a new version of your spec; Refine asks for a different proposal; Reject leaves the spec as it is.'),
  ],
  summarize: (a) => `Spec change for ${a.agent}: ${a.reason}`,
});
