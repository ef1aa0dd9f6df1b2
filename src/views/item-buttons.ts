import type { ActionsBlock } from '@slack/types';
import { ACTIONS, encodeRef } from '../slack/ids';
import { actions, button } from './kit';

/** The same buttons for an item on its card, in the digest and on Home: same handlers, same words. */
export function reviewButtons(blockId: string, itemId: string, version: number): ActionsBlock {
  const value = encodeRef({ itemId, version });
  return actions(blockId, [
    button({ text: 'Approve', actionId: ACTIONS.approve, value, style: 'primary' }),
    button({ text: 'Refine', actionId: ACTIONS.refine, value }),
    button({ text: 'Reject', actionId: ACTIONS.reject, value, style: 'danger' }),
  ]);
}

export function failedButtons(blockId: string, itemId: string, version: number): ActionsBlock {
  const value = encodeRef({ itemId, version });
  return actions(blockId, [
    button({ text: 'Retry', actionId: ACTIONS.retry, value, style: 'primary' }),
    button({ text: 'Cancel', actionId: ACTIONS.cancel, value }),
  ]);
}
