import { clamp, escapeMrkdwn, joinMrkdwn, mrkdwn, type Mrkdwn } from './kit';

/**
 * Shows what a person typed, safely: user and channel references become readable
 * names, and everything else is escaped so nothing pings or links.
 */
export function quoteUserText(text: string): Mrkdwn {
  const readable = text
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]+))?>/g, (_, id: string, name?: string) => `@${name ?? id}`)
    .replace(/<#(C[A-Z0-9]+)(?:\|([^>]*))?>/g, (_, id: string, name?: string) => `#${name || id}`);
  return joinMrkdwn(readable.split('\n').map((line) => mrkdwn`>${escapeMrkdwn(line)}`), '\n');
}

/** What a person typed, on one line, cut to `max` characters with an ellipsis, and escaped. */
export function preview(text: string, max: number): Mrkdwn {
  return escapeMrkdwn(clamp(text.replace(/\s+/g, ' '), max, '…'));
}

/** A Slack date token: each reader sees it in their own time zone. */
export function slackDate(at: Date): Mrkdwn {
  const epoch = Math.floor(at.getTime() / 1000);
  return mrkdwn`<!date^${epoch}^{date_short_pretty} at {time}|${escapeMrkdwn(at.toISOString())}>`;
}

export function age(from: Date, now: Date): Mrkdwn {
  const minutes = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return mrkdwn`${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return mrkdwn`${hours} h`;
  return mrkdwn`${Math.floor(hours / 24)} days`;
}
