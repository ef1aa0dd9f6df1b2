import type { InputBlock, ModalView } from '@slack/types';
import { INPUTS, VIEWS, encodeRef, type ItemRef } from '../slack-ids';
import { escapeMrkdwn, plain, section } from '../kit';
import { modal, option } from './modal';

/** `offerRule`: the "Make this a rule" checkbox (not for spec-coach proposals, whose spec is built in). */
export function refineModal(ref: ItemRef, agent: string, opts: { offerRule?: boolean } = {}): ModalView {
  return modal({
    callbackId: VIEWS.refine,
    metadata: encodeRef(ref),
    title: 'Refine',
    submit: 'Send feedback',
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
  });
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
