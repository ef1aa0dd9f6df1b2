import type { InputBlock, ModalView, PlainTextOption } from '@slack/types';
import { MAX_INSTRUCTIONS } from '../domain/command-grammar';
import { CONSTRAINT_KINDS, MAX_RULE_LENGTH, type ConstraintKind } from '../domain/spec-constraints';
import { INPUTS, VIEWS, encodeRef, type DelegateModalMeta, type ItemRef, type TightenModalMeta } from './slack-ids';
import { clamp, escapeMrkdwn, plain, section } from './kit';
import type { AgentInfo } from './messages';

export function delegateModal(agents: AgentInfo[], defaultAgent: string, meta: DelegateModalMeta): ModalView {
  const options: PlainTextOption[] = agents.map((a) => ({
    text: plain(`${a.title}`, 75),
    description: plain(a.description, 75),
    value: a.name,
  }));
  const initial = options.find((o) => o.value === defaultAgent);
  return {
    type: 'modal',
    callback_id: VIEWS.delegate,
    private_metadata: JSON.stringify(meta),
    title: plain('Delegate', 24),
    submit: plain('Delegate', 24),
    close: plain('Cancel', 24),
    blocks: [
      {
        type: 'input',
        block_id: INPUTS.agent.block,
        label: plain('Agent'),
        element: {
          type: 'static_select',
          action_id: INPUTS.agent.action,
          options,
          ...(initial ? { initial_option: initial } : {}),
        },
      },
      ...cadenceInputs(),
      {
        type: 'input',
        block_id: INPUTS.instructions.block,
        label: plain('Instructions'),
        hint: plain('What should the agent do? Be specific about what a good answer contains.'),
        element: {
          type: 'plain_text_input',
          action_id: INPUTS.instructions.action,
          multiline: true,
          max_length: MAX_INSTRUCTIONS,
        },
      },
      {
        type: 'input',
        block_id: INPUTS.publishTo.block,
        optional: true,
        label: plain('Publish to'),
        hint: plain('Optional: once you approve the artifact, it is posted in this channel (one-off delegations; not schedules yet).'),
        element: { type: 'channels_select', action_id: INPUTS.publishTo.action, placeholder: plain('Choose a channel') },
      },
    ],
  } satisfies ModalView;
}

/** `offerRule`: the "Make this a rule" checkbox (not for spec-coach proposals, whose spec is built in). */
export function refineModal(ref: ItemRef, agent: string, opts: { offerRule?: boolean } = {}): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.refine,
    private_metadata: encodeRef(ref),
    title: plain('Refine', 24),
    submit: plain('Send feedback', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`\`${escapeMrkdwn(agent)}\` will revise version ${ref.version} using your feedback.`),
      {
        type: 'input',
        block_id: INPUTS.feedback.block,
        label: plain('What should change?'),
        element: { type: 'plain_text_input', action_id: INPUTS.feedback.action, multiline: true, max_length: 3000 },
      },
      ...(opts.offerRule ?? true ? [refineAsRuleInput(agent)] : []),
    ],
  } satisfies ModalView;
}

/** "Make this a rule": the feedback also becomes a free-text rule on a new spec version. */
function refineAsRuleInput(agent: string): InputBlock {
  return {
    type: 'input',
    block_id: INPUTS.refineAsRule.block,
    optional: true,
    label: plain('Every time?'),
    element: {
      type: 'checkboxes',
      action_id: INPUTS.refineAsRule.action,
      options: [option(`Make this a rule for ${agent}`, 'rule')],
    },
  };
}

export function rejectModal(ref: ItemRef, instructions: string): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.reject,
    private_metadata: encodeRef(ref),
    title: plain('Reject', 24),
    submit: plain('Reject', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`Reject version ${ref.version} of “${escapeMrkdwn(clamp(instructions, 200, '…'))}”?`),
      {
        type: 'input',
        block_id: INPUTS.reason.block,
        label: plain('Why? (kept with the item, helps tighten the spec)'),
        element: { type: 'plain_text_input', action_id: INPUTS.reason.action, multiline: true, max_length: 1000 },
      },
    ],
  } satisfies ModalView;
}

const option = (text: string, value: string): PlainTextOption => ({ text: plain(text, 75), value });
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** When to run: once now (default), or a cadence with its day, time, and "run at" or "ready by". */
function cadenceInputs(): ModalView['blocks'] {
  const now = option('Once, now', 'now');
  return [
    {
      type: 'input',
      block_id: INPUTS.when.block,
      label: plain('When'),
      element: {
        type: 'static_select',
        action_id: INPUTS.when.action,
        initial_option: now,
        options: [now, option('Every day', 'daily'), option('Every weekday', 'weekdays'), option('Every week', 'weekly'), option('Every month', 'monthly')],
      },
    },
    {
      type: 'input',
      block_id: INPUTS.day.block,
      optional: true,
      label: plain('Day of the week (weekly)'),
      element: { type: 'static_select', action_id: INPUTS.day.action, options: WEEKDAYS.map((d, i) => option(d, String(i))) },
    },
    {
      type: 'input',
      block_id: INPUTS.dayOfMonth.block,
      optional: true,
      label: plain('Day of the month (monthly)'),
      element: {
        type: 'static_select',
        action_id: INPUTS.dayOfMonth.action,
        options: Array.from({ length: 28 }, (_, i) => option(String(i + 1), String(i + 1))),
      },
    },
    {
      type: 'input',
      block_id: INPUTS.time.block,
      optional: true,
      label: plain('Time (yours)'),
      element: { type: 'timepicker', action_id: INPUTS.time.action, initial_time: '09:00' },
    },
    {
      type: 'input',
      block_id: INPUTS.mode.block,
      optional: true,
      label: plain('At that time'),
      element: {
        type: 'radio_buttons',
        action_id: INPUTS.mode.action,
        initial_option: option('Start the run', 'run_at'),
        options: [option('Start the run', 'run_at'), option('Have the result ready', 'ready_by')],
      },
    },
  ];
}

export interface SettingsModel {
  wipLimit: number;
  digestEnabled: boolean;
  digestTime: string;
  digestDays: 'weekdays' | 'daily';
  digestChannel: string | null;
  staleHours: number;
  retroWeekly: boolean;
}

const retroOption = option('Post my retro numbers on Fridays, with the digest', 'weekly');

/** Settings from the Home tab: WIP limit, digest time and place, stale threshold, quiet days. */
export function settingsModal(s: SettingsModel): ModalView {
  const days = [option('Weekdays only (quiet weekends)', 'weekdays'), option('Every day', 'daily'), option('Off', 'off')];
  const initialDays = s.digestEnabled ? days.find((d) => d.value === s.digestDays)! : days[2]!;
  return {
    type: 'modal',
    callback_id: VIEWS.settings,
    title: plain('Settings', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks: [
      {
        type: 'input',
        block_id: INPUTS.limit.block,
        label: plain('WIP limit (1–50)'),
        hint: plain('New work is refused, and scheduled runs wait, while this many items are open.'),
        element: { type: 'plain_text_input', action_id: INPUTS.limit.action, initial_value: String(s.wipLimit), max_length: 3 },
      },
      {
        type: 'input',
        block_id: INPUTS.digestTime.block,
        label: plain('Daily digest at (your time)'),
        element: { type: 'timepicker', action_id: INPUTS.digestTime.action, initial_time: s.digestTime },
      },
      {
        type: 'input',
        block_id: INPUTS.digestDays.block,
        label: plain('Digest days'),
        element: { type: 'static_select', action_id: INPUTS.digestDays.action, options: days, initial_option: initialDays },
      },
      {
        type: 'input',
        block_id: INPUTS.digestChannel.block,
        optional: true,
        label: plain('Post the digest in (empty: a DM to you)'),
        element: { type: 'channels_select', action_id: INPUTS.digestChannel.action, ...(s.digestChannel ? { initial_channel: s.digestChannel } : {}) },
      },
      {
        type: 'input',
        block_id: INPUTS.staleHours.block,
        label: plain('A review is stale after (hours, 1–720)'),
        element: { type: 'plain_text_input', action_id: INPUTS.staleHours.action, initial_value: String(s.staleHours), max_length: 3 },
      },
      {
        type: 'input',
        block_id: INPUTS.retroWeekly.block,
        optional: true,
        label: plain('Weekly retro'),
        element: {
          type: 'checkboxes',
          action_id: INPUTS.retroWeekly.action,
          options: [retroOption],
          ...(s.retroWeekly ? { initial_options: [retroOption] } : {}),
        },
      },
    ],
  } satisfies ModalView;
}

export interface TightenModel {
  agent: string;
  title: string;
  /** The person's effective version now; the tightening makes the next one. */
  version: number;
  fields: Array<{ path: string; kinds: readonly ConstraintKind[] }>;
  /** What is already in force beyond the file's spec, in words. */
  inForce: string[];
  /** Workspace admins and owners may change the spec for everyone. */
  canApplyForEveryone: boolean;
}

const everyoneOption = option('Apply for everyone in the workspace', 'everyone');

/** "Tighten spec": a field, a kind of constraint and its value, and/or a free-text rule. */
export function tightenModal(m: TightenModel, meta: TightenModalMeta): ModalView {
  const inForce = m.inForce.length ? `\nAlready in force: ${m.inForce.map((w) => escapeMrkdwn(w)).join('; ')}` : '';
  return {
    type: 'modal',
    callback_id: VIEWS.tighten,
    private_metadata: JSON.stringify(meta),
    title: plain('Tighten spec', 24),
    submit: plain('Tighten', 24),
    close: plain('Cancel', 24),
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
  } satisfies ModalView;
}

const KIND_LABELS: Record<ConstraintKind, string> = {
  maxLength: 'Maximum length',
  required: 'Required',
  enum: 'Allowed values',
  pattern: 'Pattern',
  minItems: 'Minimum count of items',
  maxItems: 'Maximum count of items',
};
