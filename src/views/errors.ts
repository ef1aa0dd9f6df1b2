import { isAppError, type ErrorCode } from '../errors/app-error';

/** Words for a coded error raised without its own (by a use case): chosen by code. */
const BY_CODE: Partial<Record<ErrorCode, string>> = {
  transition_refused: 'That item is changing right now; please try again.',
  // A card whose agent is no longer installed: the log names which; the person needs no internals.
  item_not_found: 'That item belongs to an agent this Delegate no longer has, so its card cannot be shown. Nothing was lost.',
};

export const SOMETHING_WENT_WRONG = 'Something went wrong on our side; nothing you sent was lost. Please try again in a moment.';

/**
 * What to tell a person about any error (plain text; the caller escapes it): the words it was
 * raised with, else the words for its code, else its message; anything uncoded is our fault.
 */
export function userMessageFor(error: unknown): string {
  if (!isAppError(error)) return SOMETHING_WENT_WRONG;
  return error.userMessage ?? BY_CODE[error.code] ?? error.message;
}
