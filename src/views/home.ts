import type { HomeView, KnownBlock } from '@slack/types';
import type { Schedule } from '../domain/cadence';
import { watchBlocks, type WatchListEntry } from './watches';
import { describeCadence } from './cadence';
import { HOME_ACTIONS, SCHEDULE_ACTIONS, retroSpecBlockId } from './slack-ids';
import { failedButtons, reviewButtons, tightenSpecSection } from './item-buttons';
import { actions, button, clamp, context, divider, escapeMrkdwn, header, link, mrkdwn, section, type Message } from './kit';
import { age, preview, slackDate } from './mrkdwn';
import { trustBlocks, type TrustView } from './trust';

/** Everything the Home tab shows; built by one query layer (use-cases/home.ts), rendered here without I/O. */
export interface HomeModel {
  isNew: boolean;
  open: number;
  limit: number;
  review: HomeItem[];
  failed: HomeItem[];
  running: HomeItem[];
  inProgress: HomeItem[];
  /** Action items other people's approved artifacts assigned to this person (DMed to them). */
  assigned: AssignedView[];
  schedules: HomeSchedule[];
  /** What events start agents for this person (shown only when there is one). */
  watches: WatchListEntry[];
  completed: { items: HomeItem[]; total: number };
  retro: RetroRow[];
  /** Each agent's autonomy level and track record for this person. */
  trust: { rows: TrustView[]; promoteAfter: number };
  pages: HomePages;
}

export interface HomeItem {
  id: string;
  agent: string;
  instructions: string;
  status: string;
  version: number;
  since: Date;
  preview?: string;
  reason?: string;
  stale?: boolean;
}

export interface AssignedView {
  description: string;
  due: string;
  priority: string;
  fromId: string;
  agent: string;
  /** The DM they got, with the link back to the card. */
  link?: string;
}

export interface HomeSchedule {
  id: string;
  agent: string;
  instructions: string;
  schedule: Schedule;
  state: 'active' | 'paused';
  nextRun: Date | null;
  deferredSince: Date | null;
  deferredCount: number;
}

export interface RetroRow {
  agent: string;
  /** Split by the spec version the items ran with (null: no artifact yet), so a tightening shows in the rates. */
  specVersion: number | null;
  /** Offer "Tighten spec" for this agent. */
  canTighten: boolean;
  runs: number;
  approved: number;
  refined: number;
  rejected: number;
  medianDecisionMs: number | null;
  medianReviewWaitMs: number | null;
  /** Citations of sources the agent did not read (checked against its evidence). */
  unreadCitations: number;
}

/** How many rows each long section shows; "Show 10 more" raises it. */
export interface HomePages {
  review: number;
  completed: number;
}

export type HomeSection = keyof HomePages;
export const PAGE = 10;
export const DEFAULT_PAGES: HomePages = { review: PAGE, completed: PAGE };

const MAX_BLOCKS = 100;
const PREVIEW = 90;

export function gauge(open: number, limit: number): string {
  const width = 10;
  const filled = Math.min(width, Math.round((open / Math.max(limit, 1)) * width));
  return `${'▰'.repeat(filled)}${'▱'.repeat(width - filled)}`;
}

export function backlogLine(m: HomeModel, now: Date): string {
  if (m.open === 0) return 'Nothing open: your agents are idle.';
  if (m.review.length === 0) return `${m.open} open, none waiting for you.`;
  const oldest = m.review.reduce((a, b) => (a.since < b.since ? a : b));
  return `${m.review.length} need${m.review.length === 1 ? 's' : ''} your review — oldest ${age(oldest.since, now)}.`;
}

export function renderHome(m: HomeModel, now: Date): HomeView {
  if (m.isNew) return { type: 'home', blocks: welcome() };
  const blocks: KnownBlock[] = [header(`WIP ${m.open} / ${m.limit}`), section(`${gauge(m.open, m.limit)}  ${backlogLine(m, now)}`, settingsButton())];

  const reviewItems = [...m.review].sort((a, b) => a.since.getTime() - b.since.getTime());
  blocks.push(...listSection('Needs your review', reviewItems, m.pages.review, 'review', (i) => [
    section(`${i.stale ? ':warning: *stale* · ' : ''}*${escapeMrkdwn(i.agent)}* v${i.version} · waiting ${age(i.since, now)}\n“${preview(i.instructions, PREVIEW)}”${i.preview ? `\n_${preview(i.preview, 200)}_` : ''}`),
    reviewButtons(`home-review:${i.id}`, i.id, i.version),
  ]));
  blocks.push(...listSection('Failed', m.failed, 5, null, (i) => [
    section(`*${escapeMrkdwn(i.agent)}* · ${age(i.since, now)} ago\n“${preview(i.instructions, PREVIEW)}”\n${escapeMrkdwn(clamp(i.reason ?? '', 200, '…'))}`),
    failedButtons(`home-failed:${i.id}`, i.id, i.version),
  ]));
  blocks.push(...lineSection('Running and queued', m.running.map((i) => `*${escapeMrkdwn(i.agent)}* ${i.status === 'refining' ? 'refining' : i.status} · ${age(i.since, now)}: “${preview(i.instructions, PREVIEW)}”`)));
  blocks.push(...lineSection('Approved and in progress', m.inProgress.map((i) => `*${escapeMrkdwn(i.agent)}* acting on it · ${age(i.since, now)}: “${preview(i.instructions, PREVIEW)}”`)));
  if (m.assigned.length) {
    blocks.push(
      ...lineSection(
        'Assigned to you',
        m.assigned.map(
          (a) =>
            `• *${preview(a.description, 60)}* · due ${escapeMrkdwn(a.due)} · ${escapeMrkdwn(a.priority)} · from <@${a.fromId}>'s \`${escapeMrkdwn(a.agent)}\`${a.link ? ` · ${link(a.link, 'DM')}` : ''}`,
        ),
      ),
    );
  }
  blocks.push(...listSection('Scheduled agents', m.schedules, 10, null, (s) => {
    const value = JSON.stringify({ scheduleId: s.id });
    const status = s.state === 'paused' ? ':double_vertical_bar: paused' : `next ${s.nextRun ? slackDate(s.nextRun) : '—'}`;
    const waiting = s.deferredSince ? `\n:hourglass: waiting for room for ${age(s.deferredSince, now)}${s.deferredCount > 1 ? ` (${s.deferredCount} due runs)` : ''}` : '';
    return [
      section(`*${escapeMrkdwn(s.agent)}* ${escapeMrkdwn(describeCadence(s.schedule))} · ${status}\n“${preview(s.instructions, PREVIEW)}”${waiting}`),
      actions(`home-schedule:${s.id}`, [
        s.state === 'active'
          ? button({ text: 'Pause', actionId: SCHEDULE_ACTIONS.pause, value })
          : button({ text: 'Resume', actionId: SCHEDULE_ACTIONS.resume, value, style: 'primary' }),
        button({ text: 'Run now', actionId: SCHEDULE_ACTIONS.runNow, value }),
      ]),
    ];
  }));
  if (m.watches.length) blocks.push(divider(), section(`*Watches* (${m.watches.length})`), ...m.watches.slice(0, 10).flatMap(watchBlocks));
  blocks.push(...completedSection(m, now));
  blocks.push(...retroSection(m.retro, { tighten: true }));
  const trust = trustBlocks(m.trust.rows, m.trust.promoteAfter);
  if (trust.length) blocks.push(divider(), ...trust);
  return { type: 'home', blocks: capBlocks(blocks) };
}

function listSection<T>(title: string, items: T[], shown: number, pageable: HomeSection | null, render: (item: T) => KnownBlock[]): KnownBlock[] {
  if (items.length === 0) return [divider(), context(`*${title}*: none`)];
  const blocks: KnownBlock[] = [divider(), section(`*${title}* (${items.length})`)];
  for (const item of items.slice(0, shown)) blocks.push(...render(item));
  if (items.length > shown) blocks.push(more(items.length - shown, shown, pageable));
  return blocks;
}

function lineSection(title: string, lines: string[]): KnownBlock[] {
  if (lines.length === 0) return [divider(), context(`*${title}*: none`)];
  return [divider(), section(`*${title}* (${lines.length})\n${lines.slice(0, 15).join('\n')}${lines.length > 15 ? `\n…and ${lines.length - 15} more` : ''}`)];
}

function completedSection(m: HomeModel, now: Date): KnownBlock[] {
  const { items, total } = m.completed;
  if (total === 0) return [divider(), context('*Recently completed* (7 days): none')];
  const icon: Record<string, string> = { approved: ':white_check_mark:', rejected: ':x:', cancelled: ':no_entry_sign:' };
  const blocks: KnownBlock[] = [divider(), section(`*Recently completed* (7 days, ${total})`)];
  for (let i = 0; i < items.length; i += 10) {
    blocks.push(section(items.slice(i, i + 10).map((it) => `${icon[it.status] ?? ''} *${escapeMrkdwn(it.agent)}* ${age(it.since, now)} ago: “${preview(it.instructions, 70)}”`).join('\n')));
  }
  if (total > items.length) blocks.push(more(total - items.length, m.pages.completed, 'completed'));
  return blocks;
}

function more(remaining: number, shown: number, pageable: HomeSection | null) {
  if (!pageable) return context(`…and ${remaining} more: \`/delegate status\``);
  return actions(`home-more:${pageable}`, [
    button({ text: `Show ${Math.min(PAGE, remaining)} more`, actionId: HOME_ACTIONS.more, value: JSON.stringify({ section: pageable, shown: shown + PAGE }) }),
  ]);
}

const pct = (n: number, of: number) => (of ? `${Math.round((n / of) * 100)}%` : '—');
const duration = (ms: number | null) => (ms === null ? '—' : age(new Date(0), new Date(ms)));

/** A line per agent@version, grouped per agent; on Home each agent gets its "Tighten spec" button. */
export function retroSection(rows: RetroRow[], opts: { tighten?: boolean } = {}): KnownBlock[] {
  if (rows.length === 0) return [divider(), context('*Retro* (30 days): no runs yet')];
  const agents = [...new Set(rows.map((r) => r.agent))];
  const blocks: KnownBlock[] = [divider(), section('*Retro* (last 30 days, by spec version)')];
  for (const agent of agents.slice(0, 10)) {
    const mine = rows.filter((r) => r.agent === agent);
    const text = mine.map(retroLine).join('\n');
    blocks.push(opts.tighten && mine[0]!.canTighten ? tightenSpecSection(retroSpecBlockId(agent), agent, clamp(text, 3000)) : section(clamp(text, 3000)));
  }
  return blocks;
}

function retroLine(r: RetroRow): string {
  const name = r.specVersion === null ? `*${escapeMrkdwn(r.agent)}* (no result yet)` : `*${escapeMrkdwn(r.agent)}@${r.specVersion}*`;
  return `${name}: ${r.runs} runs · approved ${pct(r.approved, r.runs)} · refined ${pct(r.refined, r.runs)} · rejected ${pct(r.rejected, r.runs)} · to decision ${duration(r.medianDecisionMs)} · waiting for review ${duration(r.medianReviewWaitMs)} (medians)${r.unreadCitations ? ` · :warning: ${r.unreadCitations} citation${r.unreadCitations === 1 ? '' : 's'} not read` : ''}`;
}

/** Never over Slack's 100 blocks for a Home view, whatever the data. */
function capBlocks(blocks: KnownBlock[]): KnownBlock[] {
  if (blocks.length <= MAX_BLOCKS) return blocks;
  return [...blocks.slice(0, MAX_BLOCKS - 1), context('_More than fits here: use `/delegate status`._')];
}

/** On every Home, the welcome too: the WIP limit, digest time and place can be set before the first delegation. */
const settingsButton = () => button({ text: 'Settings', actionId: HOME_ACTIONS.settings, value: 'settings' });

function welcome(): KnownBlock[] {
  return [
    header('Welcome to Delegate'),
    section(
      'Hand work to AI agents and review what they produce. Each result comes back as a card you *approve*, *refine* or *reject*, and a work-in-progress limit keeps your review backlog small.',
      settingsButton(),
    ),
    section(
      [
        '*Try:*',
        '• `/delegate research: compare pg-boss and Agenda for our job queue`',
        '• `/delegate triage: p95 latency alert on checkout-api since 09:40`',
        '• `/delegate every friday 16:00 summarize: what changed in #alerts this week`',
      ].join('\n'),
    ),
    context('Your backlog, schedules and retro numbers will appear here. *Settings* sets your WIP limit and when and where your daily digest comes.'),
  ];
}

/** Fridays, with the digest: the retro on its own (without Home's divider). */
export function weeklyRetroMessage(rows: RetroRow[]): Message {
  return { text: mrkdwn`Your weekly retro: how your agents did over the last 30 days`, blocks: retroSection(rows).slice(1) };
}
