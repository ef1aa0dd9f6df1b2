import type { ModalView, PlainTextOption } from '@slack/types';
import { plain } from '../kit';

/** What every modal of the app shares: its frame (title, submit, Cancel) and its options. */

export function modal(m: { callbackId: string; metadata?: string; title: string; submit: string; blocks: ModalView['blocks'] }): ModalView {
  return {
    type: 'modal',
    callback_id: m.callbackId,
    ...(m.metadata !== undefined ? { private_metadata: m.metadata } : {}),
    title: plain(m.title, 24),
    submit: plain(m.submit, 24),
    close: plain('Cancel', 24),
    blocks: m.blocks,
  };
}

export const option = (text: string, value: string): PlainTextOption => ({ text: plain(text, 75), value });
