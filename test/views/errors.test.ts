import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error';
import { undoIncompleteMessage } from '../../src/views/action-messages';
import { SOMETHING_WENT_WRONG, userMessageFor } from '../../src/views/errors';

describe('userMessageFor', () => {
  it.each<[string, unknown, string]>([
    ['words given where it was raised', new AppError('payload_invalid', 'Button x unreadable', 'That button could not be read. Nothing changed.'), 'That button could not be read. Nothing changed.'],
    ['a use case’s error, worded by its code', new AppError('transition_refused', 'Item 1 kept changing under us'), 'That item is changing right now; please try again.'],
    ['a coded error with no words for its code keeps its message', new AppError('db_unavailable', 'The database did not answer'), 'The database did not answer'],
    ['a card whose agent is gone: no internals', new AppError('item_not_found', 'Unknown agent poet on item 1'), 'That item belongs to an agent this Delegate no longer has, so its card cannot be shown. Nothing was lost.'],
    ['anything uncoded is our fault', new Error('boom'), SOMETHING_WENT_WRONG],
    ['not even an Error', 'boom', SOMETHING_WENT_WRONG],
  ])('%s', (_name, error, words) => {
    expect(userMessageFor(error)).toBe(words);
  });
});

describe('undoIncompleteMessage', () => {
  it.each<[string | null, string]>([
    ['cant_delete_message', '(cant_delete_message)'],
    [null, '(Slack unreachable)'],
  ])('code %j → %s', (code, words) => {
    const message = undoIncompleteMessage([{ params: { kind: 'publish', channelId: 'C0ENG' }, code }]);
    expect(message.text).toBe(`Undone and back for your review, but I could not delete what these did: Post to <#C0ENG> ${words}. Please delete it by hand.`);
  });
});
