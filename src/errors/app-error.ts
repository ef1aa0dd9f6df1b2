/**
 * Coded errors, in the style of bolt-js: every failure the user can hit has a stable `code`.
 * `message` is for the log. A `userMessage`, safe to show in Slack, is given where the error is
 * raised at the edge (a Slack listener, the database, Slack itself); otherwise views/errors.ts
 * words the error by its code.
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
    readonly userMessage?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
