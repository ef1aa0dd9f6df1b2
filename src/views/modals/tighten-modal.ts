import type { ModalView } from '@slack/types';
import { CONSTRAINT_KINDS, MAX_RULE_LENGTH, type ConstraintKind, type SpecConstraints } from '../../domain/spec-constraints';
import { describeConstraints } from '../spec-constraints';
import { INPUTS, VIEWS, type TightenModalMeta } from '../slack-ids';
import { clamp, escapeMrkdwn, plain, section } from '../kit';
import { modal, option } from './modal';

export interface TightenModel {
  agent: string;
  title: string;
  /** The person's effective version now; the tightening makes the next one. */
  version: number;
  fields: Array<{ path: string; kinds: readonly ConstraintKind[] }>;
  /** What is already in force beyond the file's spec. */
  inForce: SpecConstraints;
  /** Workspace admins and owners may change the spec for everyone. */
  canApplyForEveryone: boolean;
}

const everyoneOption = option('Apply for everyone in the workspace', 'everyone');

/** "Tighten spec": a field, a kind of constraint and its value, and/or a free-text rule. */
export function tightenModal(m: TightenModel, meta: TightenModalMeta): ModalView {
  const inForceWords = describeConstraints(m.inForce);
  const inForce = inForceWords.length ? `\nAlready in force: ${inForceWords.map((w) => escapeMrkdwn(w)).join('; ')}` : '';
  return modal({
    callbackId: VIEWS.tighten,
    metadata: JSON.stringify(meta),
    title: 'Tighten spec',
    submit: 'Tighten',
    blocks: [
      section(clamp(`Tighten \`${escapeMrkdwn(m.agent)}@${m.version}\` (${escapeMrkdwn(m.title)}). The next runs get the new version; its checks go to the model and validate its answer.${inForce}`, 3000)),
      {
        type: 'input',
        block_id: INPUTS.specField.block,
        optional: true,
        label: plain('Field'),
        element: {
          type: 'static_select',
          action_id: INPUTS.specField.action,
          options: m.fields.slice(0, 100).map((f) => ({ text: plain(f.path, 75), description: plain(f.kinds.map((k) => KIND_LABELS[k]).join(', '), 75), value: f.path })),
        },
      },
      {
        type: 'input',
        block_id: INPUTS.specKind.block,
        optional: true,
        label: plain('Constraint'),
        element: { type: 'static_select', action_id: INPUTS.specKind.action, options: CONSTRAINT_KINDS.map((k) => option(KIND_LABELS[k], k)) },
      },
      {
        type: 'input',
        block_id: INPUTS.specValue.block,
        optional: true,
        label: plain('Value'),
        hint: plain('A number for lengths and counts; values separated by commas; a regular expression. Empty for required.'),
        element: { type: 'plain_text_input', action_id: INPUTS.specValue.action, max_length: 500 },
      },
      {
        type: 'input',
        block_id: INPUTS.specRule.block,
        optional: true,
        label: plain('Rule (free text)'),
        hint: plain('e.g. "every finding cites a source". Rules go into the instructions the model gets.'),
        element: { type: 'plain_text_input', action_id: INPUTS.specRule.action, multiline: true, max_length: MAX_RULE_LENGTH },
      },
      ...(m.canApplyForEveryone
        ? [
            {
              type: 'input' as const,
              block_id: INPUTS.specEveryone.block,
              optional: true,
              label: plain('Scope'),
              element: { type: 'checkboxes' as const, action_id: INPUTS.specEveryone.action, options: [everyoneOption] },
            },
          ]
        : []),
    ],
  });
}

const KIND_LABELS: Record<ConstraintKind, string> = {
  maxLength: 'Maximum length',
  required: 'Required',
  enum: 'Allowed values',
  pattern: 'Pattern',
  minItems: 'Minimum count of items',
  maxItems: 'Maximum count of items',
};
