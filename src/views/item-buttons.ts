import type { ActionsBlock, SectionBlock } from '@slack/types';
import { ACTIONS, SPEC_ACTIONS, encodeRef, type TightenRef } from './slack-ids';
import { actions, button, section } from './kit';

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

/** On a card whose alert resolved while waiting for review: close it (a cancel, with its own words). */
export function resolvedCloseButton(blockId: string, itemId: string, version: number): ActionsBlock {
  return actions(blockId, [button({ text: 'Close it (resolved)', actionId: ACTIONS.cancel, value: encodeRef({ itemId, version }) })]);
}

/** "Tighten spec" for one agent, on a card or on Home: a section of its own, apart from the review buttons. */
export function tightenSpecSection(blockId: string, agent: string, text: string): SectionBlock {
  const value = JSON.stringify({ agent } satisfies TightenRef);
  return { ...section(text, button({ text: 'Tighten spec', actionId: SPEC_ACTIONS.tighten, value })), block_id: blockId };
}
