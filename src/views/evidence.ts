import type { KnownBlock } from '@slack/types';
import type { Evidence, ReadProblem } from '../domain/evidence';
import type { ReadRefusal } from '../domain/read-refusal';
import { readRefusalText } from './slack-access';
import { actions, button, clamp, context, escapeMrkdwn, link, type Mrkdwn } from './kit';
import { ACTIONS, BLOCKS, encodeRef } from './slack-ids';
import { slackDate } from './mrkdwn';

/** What the card says about the run's reads. */
export interface CardReads {
  reads: Evidence[];
  /** Sources the artifact cites that the agent did not read in this run. */
  unreadCitations: string[];
  /** The agent has eyes: reading nothing is worth saying. */
  hasEyes: boolean;
}

const SHOWN = 3;

/** "Looked at: 3 pages: A, B, C · 1 not read", then the citations nobody read, and the full list one click away. */
export function lookedAtBlocks(itemId: string, version: number, model: CardReads): KnownBlock[] {
  const { reads, unreadCitations } = model;
  const blocks: KnownBlock[] = [];
  if (!reads.length) {
    if (model.hasEyes) blocks.push(context(':eyes: Looked at: nothing beyond your request.'));
  } else {
    const ok = reads.filter((r) => !r.problem);
    const failed = reads.length - ok.length;
    const parts: string[] = [];
    const pages = ok.filter((r) => r.kind === 'web_page');
    if (pages.length) parts.push(`${count(pages.length, 'page')}: ${listed(pages)}`);
    for (const r of ok.filter((r) => r.kind === 'slack_channel' || r.kind === 'slack_thread')) parts.push(conversationRead(r));
    const others = ok.filter((r) => r.kind !== 'web_page' && r.kind !== 'slack_channel' && r.kind !== 'slack_thread');
    if (others.length) parts.push(listed(others));
    if (failed) parts.push(`${failed} not read: ${notRead(reads.filter((r) => r.problem))}`);
    blocks.push(context(clamp(`:eyes: Looked at: ${parts.join(' · ') || 'nothing it could read'}`, 2900)));
  }
  if (unreadCitations.length) {
    blocks.push(context(clamp(`:warning: Cited but *not read by the agent*: ${unreadCitations.map((c) => escapeMrkdwn(c)).join(', ')}`, 2900)));
  }
  if (reads.length) blocks.push(actions(BLOCKS.reads(itemId), [button({ text: `What it read (${reads.length})`, actionId: ACTIONS.reads, value: encodeRef({ itemId, version }) })]));
  return blocks;
}

/** One line per read, for the "What it read" modal. */
export function readLine(r: Evidence): Mrkdwn {
  const name = r.url ? link(r.url, linkLabel(r)) : escapeMrkdwn(r.label);
  if (r.problem) return `:no_entry_sign: ${escapeMrkdwn(r.ref)}: ${escapeMrkdwn(problemText(r.problem))}` as Mrkdwn;
  const size = r.bytes >= 1000 ? `${Math.round(r.bytes / 1000)} KB` : `${r.bytes} bytes`;
  const items = r.items > 1 ? ` · ${r.items} items` : '';
  const cut = r.truncated ? ' · _cut short at the size limit_' : '';
  const how = r.via === 'tool' ? 'opened by the agent' : 'from your request';
  return `${ICON[r.kind] ?? ':mag:'} ${name} · ${size}${items}${cut} · ${how}` as Mrkdwn;
}

/** Why something was not read, in words. */
export function problemText(p: ReadProblem): string {
  const v = (k: string) => String(p[k] ?? '');
  switch (p.code) {
    case 'web_off':
      return 'reading the web is switched off here (WEB_FETCH=off)';
    case 'bad_url':
      return 'not a valid URL';
    case 'bad_scheme':
      return `only http and https pages are read, not ${v('scheme')}`;
    case 'refused_address':
      return `refused: ${v('host')} is ${RANGE[v('range')] ?? 'not a public address'}${v('host') === v('address') ? '' : ` (${v('address')})`}`;
    case 'dns_failed':
      return `${v('host')} could not be found`;
    case 'timeout':
      return `no answer within ${Math.round(Number(p.ms) / 1000)} s`;
    case 'too_many_redirects':
      return `more than ${v('max')} redirects`;
    case 'http_status':
      return `the site answered ${v('status')}`;
    case 'unsupported_type':
      return `${v('contentType')} is not text it can read`;
    case 'network':
      return `could not connect (${v('detail')})`;
    case 'not_found':
    case 'direct_message':
    case 'archived':
    case 'bot_not_in_channel':
    case 'person_not_in_channel':
    case 'slack_error':
    case 'private_elsewhere':
    case 'github_refused':
    case 'github_not_configured':
    case 'no_pull_request':
    case 'no_repository':
      return readRefusalText(p as unknown as ReadRefusal);
    case 'mcp_unavailable':
      return `the ${v('server')} MCP server did not start or answer (${v('detail')}), so the agent ran without it`;
    case 'tool_failed':
      return `${v('server')}: ${v('tool')} failed (${v('detail')})`;
    case 'tool_error':
      return `${v('server')}: ${v('tool')} answered with an error (${v('detail')})`;
    case 'search_failed':
      return Number(p.status) ? `the search answered ${v('status')}` : 'the search did not answer';
    case 'url_not_seen':
      return 'the agent asked for a URL that was not in the request, a search result or a page it read, so it was not opened';
    case 'too_many_files':
      return `only the first ${v('max')} dependency files of a repository are read`;
    case 'file_too_large':
      return `${Math.ceil(Number(p.bytes) / 1000)} KB, over the ${Math.round(Number(p.max) / 1000)} KB read from one file`;
    case 'too_many_bytes':
      return `the dependency files read had reached the ${Math.round(Number(p.max) / 1000)} KB read from one repository`;
    case 'too_many_repositories':
      return `only ${v('max')} repository is read per request: ask again for this one`;
    case 'search_incomplete':
      return 'GitHub stopped this search early and said its results were incomplete, so more files may carry the word';
    case 'search_budget':
      return `not searched: code search allows about 10 searches a minute, and a run makes at most ${v('budget')}`;
    case 'search_terms_ignored':
      return `only the first ${v('max')} extra words of a request are searched`;
    case 'one_repository':
      return 'a run reads one repository: delegate again for this one';
    case 'too_many_pages':
      return `only the first ${v('max')} pages of a request are read`;
    default:
      return p.code.replace(/_/g, ' ');
  }
}

const RANGE: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private-network address',
  linkLocal: 'a link-local address (where cloud metadata lives)',
  uniqueLocal: 'a private IPv6 address',
  carrierGradeNat: 'a carrier-grade NAT address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  reserved: 'a reserved address',
  ipv4Compatible: 'an IPv4-compatible IPv6 address',
};

const ICON: Partial<Record<Evidence['kind'], string>> = { web_page: ':page_facing_up:', web_search: ':mag:', slack_channel: ':speech_balloon:', slack_thread: ':thread:', mcp_tool: ':electric_plug:' };

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function listed(reads: readonly Evidence[]): string {
  const shown = reads.slice(0, SHOWN).map((r) => (r.url ? link(r.url, linkLabel(r)) : escapeMrkdwn(clamp(r.label, 60, '…'))));
  return `${shown.join(', ')}${reads.length > SHOWN ? ` +${reads.length - SHOWN} more` : ''}`;
}

/** A page's title is the page's own words: the host beside it shows where the link really goes. */
function linkLabel(r: Evidence): string {
  const title = clamp(r.label, 60, '…');
  if (r.kind !== 'web_page' || !r.url) return title;
  const host = new URL(r.url).host;
  return title === host ? host : `${title} (${host})`;
}

/** "#eng, 212 messages since Mon 9:00", "thread in #eng, 14 messages", with the cap said when it cut. */
function conversationRead(r: Evidence): string {
  const name = r.url ? link(r.url, r.label) : escapeMrkdwn(r.label);
  const since = r.since ? ` since ${slackDate(r.since)}` : '';
  const cut = r.truncated ? ' (cut at the message cap)' : '';
  return `${name}, ${count(r.items, 'message')}${since}${cut}`;
}

/** The first refused or failed reads, each with its reason, on the card itself. */
function notRead(reads: readonly Evidence[]): string {
  const shown = reads.slice(0, 2).map((r) => `${escapeMrkdwn(clamp(r.ref, 80, '…'))} (${escapeMrkdwn(problemText(r.problem!))})`);
  return `${shown.join('; ')}${reads.length > 2 ? `; +${reads.length - 2} more` : ''}`;
}
