/**
 * The Slack conversations a request points at, as Slack delivers the text: channels picked
 * from autocomplete arrive as `<#C123|eng>` (the command escapes them), message links as
 * permalinks. Deterministic, like the pages in a request.
 */
export type SlackRef =
  | { kind: 'channel'; channelId: string; name: string | null }
  | { kind: 'thread'; channelId: string; ts: string; permalink: string };

export function slackRefsIn(text: string): SlackRef[] {
  const refs: SlackRef[] = [];
  const seen = new Set<string>();
  const add = (key: string, ref: SlackRef) => {
    if (!seen.has(key)) refs.push(ref), seen.add(key);
  };
  for (const m of text.matchAll(/<#([CGD][A-Z0-9]+)(?:\|([^>]*))?>/g)) {
    add(m[1]!, { kind: 'channel', channelId: m[1]!, name: m[2] || null });
  }
  // Enterprise Grid workspaces have dotted hosts (acme.enterprise.slack.com); ids are upper case.
  for (const m of text.matchAll(/https:\/\/[\w.-]+\.slack\.com\/archives\/([CGD][A-Z0-9]+)\/p(\d{10})(\d{6})([^\s|>]*)/g)) {
    // A reply's permalink names its thread: the whole thread is what gives it meaning.
    const threadTs = /[?&]thread_ts=(\d{10}\.\d{6})/.exec(m[4]!.replace(/&amp;/g, '&'))?.[1];
    const ts = threadTs ?? `${m[2]}.${m[3]}`;
    add(`${m[1]}/${ts}`, { kind: 'thread', channelId: m[1]!, ts, permalink: m[0].replace(/&amp;/g, '&') });
  }
  return refs;
}

/** A message's permalink, made from the workspace URL (one chat.getPermalink per message would not scale). */
export function messagePermalink(workspaceUrl: string, channelId: string, ts: string, threadTs?: string): string {
  const base = `${workspaceUrl.replace(/\/$/, '')}/archives/${channelId}/p${ts.replace('.', '')}`;
  return threadTs && threadTs !== ts ? `${base}?thread_ts=${threadTs}&cid=${channelId}` : base;
}
