import type { ModalView, PlainTextOption } from '@slack/types';
import { MAX_INSTRUCTIONS } from '../../domain/command-grammar';
import { INPUTS, VIEWS, type DelegateModalMeta } from '../slack-ids';
import { plain } from '../kit';
import type { AgentInfo } from '../messages';
import { modal, option } from './modal';

export function delegateModal(agents: AgentInfo[], defaultAgent: string, meta: DelegateModalMeta): ModalView {
  const options: PlainTextOption[] = agents.map((a) => ({
    text: plain(`${a.title}${a.needs ? ' (unavailable)' : ''}`, 75),
    description: plain(a.needs ? `Needs ${a.needs}, set by an admin` : a.description, 75),
    value: a.name,
  }));
  const initial = options.find((o) => o.value === defaultAgent);
  return modal({
    callbackId: VIEWS.delegate,
    metadata: JSON.stringify(meta),
    title: 'Delegate',
    submit: 'Delegate',
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
        block_id: INPUTS.readChannel.block,
        optional: true,
        label: plain('Channel to read'),
        hint: plain('Optional: the agent reads this channel first (summarize, triage, channel-digest). The bot must be in it.'),
        element: { type: 'channels_select', action_id: INPUTS.readChannel.action, placeholder: plain('Choose a channel') },
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
  });
}

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
