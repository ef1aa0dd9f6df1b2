/**
 * Coded errors, in the style of bolt-js: every failure the user can hit has a
 * stable `code` and a `userMessage` that is safe to show in Slack.
 */
export type ErrorCode =
  | 'config_invalid'
  | 'db_unavailable'
  | 'model_not_configured'
  | 'model_unavailable'
  | 'model_output_invalid'
  | 'slack_api_error'
  | 'item_not_found'
  | 'transition_refused'
  | 'not_owner'
  | 'stale_version'
  | 'payload_invalid';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly userMessage: string = message,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** What to tell a person about any error: coded errors carry their own words. */
export function userMessageFor(error: unknown): string {
  if (isAppError(error)) return error.userMessage;
  return 'Something went wrong on our side; nothing you sent was lost. Please try again in a moment.';
}
