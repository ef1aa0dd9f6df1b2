import type { App } from '@slack/bolt';
import { dbUnavailable, isConnectionError } from '../db/database';
import type { Deps } from '../use-cases/deps';
import { errorMessage, refusedWithTextMessage } from '../views/messages';
import { escapeMrkdwn } from '../views/kit';
import { userMessageFor } from '../views/errors';

/** The one error handler: log everything, and tell the person what went wrong. */
export function register(app: App, deps: Deps): void {
  // extendedErrorHandler: true gives us the request body, so we know whom to tell.
  app.error((async ({ error, logger, body }: { error: Error & { original?: unknown }; logger: Deps['logger']; body?: unknown }) => {
    const original = error.original ?? error;
    logger.error(original);
    const who = whoAndWhere(body);
    if (!who) return;
    try {
      const said = escapeMrkdwn(userMessageFor(isConnectionError(original) ? dbUnavailable(original) : original));
      // A slash command's text is not in the conversation: hand it back, so a failure loses nothing.
      const typed = commandText(body);
      await deps.slack.tell(who, typed ? refusedWithTextMessage(said, typed) : errorMessage(said));
    } catch (notifyError) {
      logger.error('Could not tell the user about an error', notifyError);
    }
  }) as unknown as Parameters<App['error']>[0]);
}

function commandText(body: unknown): string | undefined {
  const b = body as Record<string, unknown> | undefined;
  return typeof b?.command === 'string' && typeof b.text === 'string' && b.text.trim() ? b.text : undefined;
}

function whoAndWhere(body: unknown): { userId: string; channelId?: string } | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, any>;
  const userId: unknown = b.user_id ?? b.user?.id ?? b.event?.user;
  const channelId: unknown = b.channel_id ?? b.channel?.id ?? b.container?.channel_id ?? b.event?.channel;
  if (typeof userId !== 'string') return undefined;
  return { userId, channelId: typeof channelId === 'string' ? channelId : undefined };
}
