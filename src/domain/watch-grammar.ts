/**
 * `/delegate watch …`, `watching`, `unwatch …`: what events start which agent for a person.
 * Pure. A watch names a source and an agent, optional filters, and optionally a channel for
 * its cards (the owner still reviews).
 *   watch acme/web pr-review [to #chan]
 *   watch alerts triage [severity=critical] [receiver=ops] [label:team=payments] [to #chan]
 *   watching
 *   unwatch acme/web pr-review | unwatch alerts triage
 */
export type WatchSource = { kind: 'github'; owner: string; repo: string } | { kind: 'alerts' };

export interface AlertFilters {
  severity?: string;
  receiver?: string;
  labels?: Record<string, string>;
}

export type WatchCommand =
  | { kind: 'watch'; source: WatchSource; agent: string; filters: AlertFilters; channelId: string | null }
  | { kind: 'watching' }
  | { kind: 'unwatch'; source: WatchSource; agent: string }
  | { kind: 'watch_invalid'; reason: WatchRefusal };

/** Why a watch was not set up (the command's grammar, or what the agent can read); views/watches.ts words it. */
export type WatchRefusal =
  | { code: 'unknown_agent'; agent: string }
  | { code: 'agent_reads_no_pr'; agent: string }
  | { code: 'agent_needs_a_repository'; agent: string }
  | { code: 'github_not_configured' }
  | { code: 'watch_usage' }
  | { code: 'unwatch_usage' }
  | { code: 'bad_filter'; filter: string }
  | { code: 'filters_need_alerts' };

const REPO = /^([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100})$/;
const AGENT = /^[A-Za-z][\w-]{0,39}$/;
/** Slack sends a channel typed in command text as `<#C123|name>` (escape_channels). */
const CHANNEL = /^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$/;

/** A watch subcommand, or null when the text is not one (it is then a delegation). */
export function parseWatchCommand(text: string): WatchCommand | null {
  const words = text.trim().split(/\s+/);
  const verb = words[0]?.toLowerCase();
  if (verb === 'watching' && words.length === 1) return { kind: 'watching' };
  if (verb !== 'watch' && verb !== 'unwatch') return null;
  // "watch: …" is a delegation to an agent called watch, not this subcommand.
  if (/^(un)?watch:/i.test(text.trim())) return null;
  const source = sourceOf(words[1]);
  const agent = words[2];
  if (!source || !agent || !AGENT.test(agent)) return { kind: 'watch_invalid', reason: { code: verb === 'watch' ? 'watch_usage' : 'unwatch_usage' } };
  if (verb === 'unwatch') return words.length === 3 ? { kind: 'unwatch', source, agent: agent.toLowerCase() } : { kind: 'watch_invalid', reason: { code: 'unwatch_usage' } };
  const rest = words.slice(3);
  let channelId: string | null = null;
  const to = rest.findIndex((w) => w.toLowerCase() === 'to');
  if (to >= 0) {
    const channel = CHANNEL.exec(rest[to + 1] ?? '');
    if (!channel || to + 2 !== rest.length) return { kind: 'watch_invalid', reason: { code: 'watch_usage' } };
    channelId = channel[1]!;
    rest.splice(to, 2);
  }
  const filters: AlertFilters = {};
  for (const f of rest) {
    const m = /^(severity|receiver)=([\w.:-]{1,64})$/i.exec(f) ?? /^(label):([A-Za-z_][\w]{0,63})=([^\s=]{1,128})$/i.exec(f);
    if (!m) return { kind: 'watch_invalid', reason: { code: 'bad_filter', filter: f } };
    if (source.kind !== 'alerts') return { kind: 'watch_invalid', reason: { code: 'filters_need_alerts' } };
    const key = m[1]!.toLowerCase();
    if (key === 'label') filters.labels = { ...filters.labels, [m[2]!]: m[3]! };
    else filters[key as 'severity' | 'receiver'] = m[2]!;
  }
  return { kind: 'watch', source, agent: agent.toLowerCase(), filters, channelId };
}

function sourceOf(word: string | undefined): WatchSource | null {
  if (!word) return null;
  if (word.toLowerCase() === 'alerts') return { kind: 'alerts' };
  const repo = REPO.exec(word);
  return repo ? { kind: 'github', owner: repo[1]!, repo: repo[2]! } : null;
}

/** The key that makes a watch unique per person: one watch per source and agent. */
export const watchKey = (source: WatchSource, agent: string) => `${source.kind === 'alerts' ? 'alerts' : `github:${source.owner}/${source.repo}`.toLowerCase()}:${agent}`;

/** What the person still has to set for events to arrive (said when the watch is made). */
export type WatchSetup = 'github_webhook_secret' | 'alerts_webhook_token';
