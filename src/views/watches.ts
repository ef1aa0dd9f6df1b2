import type { KnownBlock } from '@slack/types';
import type { AlertFilters, WatchRefusal, WatchSetup } from '../domain/watch-grammar';
import type { Message } from './card';
import { actions, button, channelLink, clamp, context, divider, escapeMrkdwn, fitBlocks, link, mrkdwn, section, type Mrkdwn } from './kit';
import { WATCH_ACTIONS } from './slack-ids';

/** A watch as the views show it (a watches row fits). */
export interface WatchView {
  id: string;
  sourceKind: 'github' | 'alerts';
  repo: string | null;
  agent: string;
  filters: unknown;
  channelId: string | null;
  state: 'active' | 'paused';
  hourlyLimit: number;
}

export interface WatchListEntry {
  watch: WatchView;
  waiting: number;
  storm: number;
}

export type WatchResult = { kind: 'watching'; watch: WatchView; created: boolean; setup: WatchSetup[] } | { kind: 'refused'; refusal: WatchRefusal };

/** How a watch reads: "PRs opened in acme/web start pr-review". */
export function watchSummary(w: { sourceKind: 'github' | 'alerts'; repo: string | null; agent: string; filters: unknown; channelId: string | null }): Mrkdwn {
  const what = w.sourceKind === 'github' ? escapeMrkdwn(`PRs opened or ready for review in ${w.repo ?? '?'}`) : mrkdwn`new alert groups${filterText(w.filters as AlertFilters)}`;
  const where = w.channelId ? mrkdwn`, cards in ${channelLink(w.channelId)}` : mrkdwn`, cards in your DM`;
  return mrkdwn`${what} start *${escapeMrkdwn(w.agent)}*${where}`;
}

function filterText(f: AlertFilters): Mrkdwn {
  const parts = [
    ...(f.severity ? [`severity ${f.severity}`] : []),
    ...(f.receiver ? [`receiver ${f.receiver}`] : []),
    ...Object.entries(f.labels ?? {}).map(([k, v]) => `${k}=${v}`),
  ];
  return parts.length ? escapeMrkdwn(` (${parts.join(', ')})`) : mrkdwn``;
}

const SETUP: Record<WatchSetup, string> = {
  github_webhook_secret:
    'Events will not arrive yet: set GITHUB_WEBHOOK_SECRET, then add a webhook on the repository (Settings → Webhooks) to `https://<your Delegate>/webhooks/github`, content type application/json, the same secret, event "Pull requests".',
  alerts_webhook_token:
    'Alerts will not arrive yet: set ALERTS_WEBHOOK_TOKEN, then point Alertmanager\'s webhook_config at `https://<your Delegate>/webhooks/alerts` with `authorization: { credentials: <the token> }`.',
};

export function watchResultMessage(result: WatchResult): Message {
  if (result.kind === 'refused') return refusal(watchRefusalText(result.refusal));
  const head = mrkdwn`:eyes: ${result.created ? mrkdwn`Watching` : mrkdwn`Updated your watch`}: ${watchSummary(result.watch)}.`;
  const notes = result.setup.map((s) => escapeMrkdwn(SETUP[s]));
  const limits = escapeMrkdwn(
    `At your WIP limit new events wait their turn (never dropped); more than ${result.watch.hourlyLimit} new items an hour go to one storm card instead. /delegate watching lists your watches.`,
  );
  return { text: head, blocks: [section(head), ...(notes.length ? [section(`:warning: ${notes.join('\n')}`)] : []), context(limits)] };
}

export function watchRefusalText(r: WatchRefusal): string {
  switch (r.code) {
    case 'unknown_agent':
      return `There is no agent called ${r.agent}. /delegate help lists them.`;
    case 'agent_reads_no_pr':
      return `${r.agent} does not read pull requests, so a PR cannot start it. Try: /delegate watch acme/web pr-review`;
    case 'agent_needs_a_repository':
      return `${r.agent} needs a repository named in its request, which an alert does not give. Try: /delegate watch alerts triage`;
    case 'github_not_configured':
      return 'GitHub is not connected (GITHUB_TOKEN is unset), so pull requests cannot be read. Set it and restart.';
    case 'watch_usage':
      return 'Usage: /delegate watch <owner/repo> <agent> [to #channel], or /delegate watch alerts <agent> [severity=critical] [receiver=name] [label:key=value] [to #channel]';
    case 'unwatch_usage':
      return 'Usage: /delegate unwatch <owner/repo> <agent>, or /delegate unwatch alerts <agent>';
    case 'bad_filter':
      return `I don't understand the filter “${r.filter}”. Filters are severity=…, receiver=… and label:key=value.`;
    case 'filters_need_alerts':
      return 'Filters apply to alert watches only.';
  }
}

const refusal = (text: string): Message => {
  const words = escapeMrkdwn(text);
  return { text: words, blocks: [section(`:warning: ${words}`)] };
};

export function watchBlocks(e: WatchListEntry): KnownBlock[] {
  const w = e.watch;
  const value = JSON.stringify({ watchId: w.id });
  const lines: Mrkdwn[] = [watchSummary(w)];
  if (w.state === 'paused') lines.push(mrkdwn`:double_vertical_bar: Paused: events are not taken in.`);
  if (e.waiting) lines.push(escapeMrkdwn(`:hourglass: ${waitingText(w.sourceKind, e.waiting)} (your WIP limit is full; they start as slots free, oldest first).`));
  if (e.storm) lines.push(escapeMrkdwn(`:cyclone: ${e.storm} more in the storm card (past ${w.hourlyLimit} an hour).`));
  return [
    section(lines.join('\n')),
    actions(`watch:${w.id}`, [
      w.state === 'active'
        ? button({ text: 'Pause', actionId: WATCH_ACTIONS.pause, value })
        : button({ text: 'Resume', actionId: WATCH_ACTIONS.resume, value, style: 'primary' }),
      button({ text: 'Delete', actionId: WATCH_ACTIONS.remove, value, style: 'danger' }),
    ]),
  ];
}

/** "4 PRs waiting to be reviewed", "1 alert group waiting to be triaged". */
export function waitingText(kind: 'github' | 'alerts', n: number): string {
  return kind === 'github' ? `${n} PR${n === 1 ? '' : 's'} waiting to be reviewed` : `${n} alert group${n === 1 ? '' : 's'} waiting to be looked at`;
}

export function watchListMessage(list: readonly WatchListEntry[], note?: Mrkdwn): Message {
  if (!list.length) {
    const text = mrkdwn`You watch nothing yet. For example: \`/delegate watch acme/web pr-review\` or \`/delegate watch alerts triage severity=critical\``;
    return { text, blocks: [...(note ? [context(note)] : []), section(text)] };
  }
  const blocks: KnownBlock[] = [...(note ? [context(note)] : []), section(`*Your watches (${list.length})*`)];
  for (const e of list) blocks.push(divider(), ...watchBlocks(e));
  return { text: mrkdwn`Your watches (${list.length})`, blocks: fitBlocks(blocks, 50, 2) };
}

export function unwatchMessage(removed: boolean, what: string): Message {
  const text = removed ? mrkdwn`Stopped watching: ${escapeMrkdwn(what)}.` : mrkdwn`You have no such watch (${escapeMrkdwn(what)}). /delegate watching lists yours.`;
  return { text, blocks: [section(text)] };
}

/** One line per stormed event: a PR with its link, an alert group with its title. */
export function stormLine(subject: unknown): Mrkdwn {
  const s = subject as { kind?: string; owner?: string; repo?: string; number?: number; title?: string; url?: string; severity?: string | null };
  if (s.kind === 'pull_request') return mrkdwn`• ${link(s.url ?? '', `${s.owner}/${s.repo}#${s.number}`)} ${escapeMrkdwn(clamp(s.title ?? '', 120, '…'))}`;
  return mrkdwn`• ${escapeMrkdwn(clamp(s.title ?? 'alert', 150, '…'))}${s.severity ? escapeMrkdwn(` (${s.severity})`) : mrkdwn``}`;
}

/**
 * The storm card: past a watch's hourly limit, events are listed here instead of each
 * becoming an item; one card per storm, updated as they pile in.
 */
export function stormMessage(w: WatchView, subjects: readonly unknown[], since: Date): Message {
  const n = subjects.length;
  const head = mrkdwn`:cyclone: *Storm*: ${escapeMrkdwn(`${n} more event${n === 1 ? '' : 's'}`)} since ${escapeMrkdwn(since.toISOString().slice(11, 16))} UTC for your watch (${watchSummary(w)}), past its limit of ${w.hourlyLimit} new items an hour. They were not started.`;
  const shown = subjects.slice(0, 40).map(stormLine);
  const more = n > shown.length ? [context(`…and ${n - shown.length} more.`)] : [];
  const how = context(
    escapeMrkdwn(`Start one by hand (e.g. /delegate ${w.agent}: <what it is about>), or pause the watch with /delegate watching. New events start again when the hour has passed.`),
  );
  return { text: head, blocks: [section(head), ...(shown.length ? [section(shown.join('\n'))] : []), ...more, how] };
}
