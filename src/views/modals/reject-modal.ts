import type { ModalView } from '@slack/types';
import { INPUTS, VIEWS, encodeRef, type ItemRef } from '../slack-ids';
import { clamp, escapeMrkdwn, plain, section } from '../kit';
import { modal } from './modal';

export function rejectModal(ref: ItemRef, instructions: string): ModalView {
  return modal({
    callbackId: VIEWS.reject,
    metadata: encodeRef(ref),
    title: 'Reject',
    submit: 'Reject',
    blocks: [
      section(`Reject version ${ref.version} of “${escapeMrkdwn(clamp(instructions, 200, '…'))}”?`),
      {
        type: 'input',
        block_id: INPUTS.reason.block,
        label: plain('Why? (kept with the item, helps tighten the spec)'),
        element: { type: 'plain_text_input', action_id: INPUTS.reason.action, multiline: true, max_length: 1000 },
      },
    ],
  });
}
