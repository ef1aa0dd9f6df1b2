import { escapeMrkdwn } from './kit';

/**
 * Shows what a person typed, safely: user and channel references become readable
 * names, and everything else is escaped so nothing pings or links.
 */
export function quoteUserText(text: string): string {
  const readable = text
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]+))?>/g, (_, id: string, name?: string) => `@${name ?? id}`)
    .replace(/<#(C[A-Z0-9]+)(?:\|([^>]*))?>/g, (_, id: string, name?: string) => `#${name || id}`);
  return escapeMrkdwn(readable)
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}

/** A Slack date token: each reader sees it in their own time zone. */
export function slackDate(at: Date): string {
  const epoch = Math.floor(at.getTime() / 1000);
  return `<!date^${epoch}^{date_short_pretty} at {time}|${at.toISOString()}>`;
}

export function age(from: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}
