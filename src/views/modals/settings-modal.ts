import type { ModalView } from '@slack/types';
import { INPUTS, VIEWS } from '../slack-ids';
import { plain } from '../kit';
import { modal, option } from './modal';

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
  return modal({
    callbackId: VIEWS.settings,
    title: 'Settings',
    submit: 'Save',
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
  });
}
