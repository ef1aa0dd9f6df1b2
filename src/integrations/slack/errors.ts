import { ErrorCode, type WebAPIPlatformError } from '@slack/web-api';
import { AppError } from '../../errors/app-error';

/** Slack's own error code (`not_in_channel`, …) when Slack answered with one. */
export function platformErrorCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error && error.code === ErrorCode.PlatformError) {
    return (error as WebAPIPlatformError).data.error;
  }
  return undefined;
}

/** A client built with `rejectRateLimitedCalls` rejects a rate-limited call instead of waiting it out. */
export function isRateLimited(error: unknown): boolean {
  return !!error && typeof error === 'object' && 'code' in error && error.code === ErrorCode.RateLimitedError;
}

/** Runs one Web API call; a failure becomes a coded AppError that says which method Slack refused. */
export async function slackCall<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw slackError(method, error);
  }
}

export function slackError(method: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = platformErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
  return new AppError('slack_api_error', `Slack ${method} failed: ${code}`, `Slack refused the request (${method}: ${code}).`, {
    cause: error,
  });
}
