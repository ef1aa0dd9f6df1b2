import type { KnownBlock } from '@slack/types';
import { SCHEDULE_ACTIONS } from './slack-ids';
import { failedButtons, reviewButtons } from './item-buttons';
import type { Message } from './card';
import { appWords, button, channelLink, clamp, context, divider, escapeMrkdwn, fitBlocks, header, mrkdwn, section } from './kit';
import { errorMessage } from './messages';
import { age, preview, slackDate } from './mrkdwn';
import { settingChangeText, settingProblemText } from './settings';
import type { DigestPatch, SettingProblem, StalePatch } from '../domain/digest-settings';

/** Everything a digest shows; built by one query layer, rendered here without I/O. */
export interface DigestModel {
  dayLabel: string;
  open: number;
  limit: number;
  review: Array<{ id: string; agent: string; instructions: string; version: number; waitingSince: Date; stale: boolean }>;
  failed: Array<{ id: string; agent: string; instructions: string; reason: string; version: number }>;
  completedYesterday: Array<{ agent: string; instructions: string; outcome: 'approved' | 'rejected' | 'cancelled' }>;
  scheduledToday: Array<{ agent: string; instructions: string; at: Date }>;
  deferred: Array<{ scheduleId: string; agent: string; instructions: string; since: Date; count: number }>;
}

const MAX_REVIEW = 8;
const MAX_FAILED = 5;
const PREVIEW = 90;

export function isEmptyDay(m: DigestModel): boolean {
  return m.open === 0 && m.completedYesterday.length === 0 && m.scheduledToday.length === 0 && m.deferred.length === 0;
}

export function renderDigest(m: DigestModel, now: Date): Message {
  if (isEmptyDay(m)) {
    const text = mrkdwn`Your digest for ${escapeMrkdwn(m.dayLabel)}: nothing needs you today (WIP 0 of ${m.limit}).`;
    return { text, blocks: [section(`:sunny: ${text}`)] };
  }
  const stale = m.review.filter((r) => r.stale).length;
  const summary = `WIP ${m.open} of ${m.limit} · ${m.review.length} waiting for your review${stale ? ` (${stale} stale)` : ''}${m.failed.length ? ` · ${m.failed.length} failed` : ''}`;
  const blocks: KnownBlock[] = [header(`Your digest · ${m.dayLabel}`), context(summary)];

  if (m.review.length) {
    blocks.push(divider(), section('*Waiting for your review* (oldest first)'));
    for (const r of m.review.slice(0, MAX_REVIEW)) {
      blocks.push(
        section(`${r.stale ? ':warning: *stale* · ' : ''}*${escapeMrkdwn(r.agent)}* v${r.version} · waiting ${age(r.waitingSince, now)}\n“${preview(r.instructions, PREVIEW)}”`),
        reviewButtons(`digest:${r.id}`, r.id, r.version),
      );
    }
    if (m.review.length > MAX_REVIEW) blocks.push(context(`…and ${m.review.length - MAX_REVIEW} more: \`/delegate status\``));
  }
  if (m.failed.length) {
    blocks.push(divider(), section('*Failed, waiting for you*'));
    for (const f of m.failed.slice(0, MAX_FAILED)) {
      blocks.push(
        section(`*${escapeMrkdwn(f.agent)}*: “${preview(f.instructions, PREVIEW)}”\n${escapeMrkdwn(clamp(f.reason, 300, '…'))}`),
        failedButtons(`digest-failed:${f.id}`, f.id, f.version),
      );
    }
  }
  const lists: Array<[string, string[]]> = [
    ['Completed yesterday', m.completedYesterday.map((c) => `${OUTCOME[c.outcome]} *${escapeMrkdwn(c.agent)}*: “${preview(c.instructions, PREVIEW)}”`)],
    ["Today's scheduled runs", m.scheduledToday.map((s) => `${slackDate(s.at)} *${escapeMrkdwn(s.agent)}*: “${preview(s.instructions, PREVIEW)}”`)],
  ];
  for (const [title, lines] of lists) {
    if (lines.length) blocks.push(divider(), section(`*${title}*\n${lines.slice(0, 15).join('\n')}${lines.length > 15 ? `\n…and ${lines.length - 15} more` : ''}`));
  }
  if (m.deferred.length) {
    blocks.push(divider(), section('*Deferred runs* (waiting for room under your limit)'));
    for (const d of m.deferred.slice(0, 5)) {
      blocks.push(
        section(
          `*${escapeMrkdwn(d.agent)}* waiting ${age(d.since, now)}${d.count > 1 ? ` (${d.count} due runs)` : ''}: “${preview(d.instructions, PREVIEW)}”`,
          button({ text: 'Run anyway', actionId: SCHEDULE_ACTIONS.runAnyway, value: JSON.stringify({ scheduleId: d.scheduleId }) }),
        ),
      );
    }
  }
  return { text: mrkdwn`Your digest for ${escapeMrkdwn(m.dayLabel)}: ${escapeMrkdwn(summary)}`, blocks: fitBlocks(blocks, 50, 1) };
}

const OUTCOME = { approved: ':white_check_mark:', rejected: ':x:', cancelled: ':no_entry_sign:' } as const;

/** A person's digest settings, as `/delegate digest` and `/delegate stale` show them. */
export interface DigestSettingsView {
  enabled: boolean;
  time: string;
  timeZone: string;
  days: 'daily' | 'weekdays';
  channelId: string | null;
  empty: 'none' | 'line';
  staleHours: number;
}

/** What a settings command found, refused or changed; views/settings.ts words the problem and the change. */
export type SettingResult =
  | { kind: 'no_person' }
  | { kind: 'current'; settings: DigestSettingsView }
  | { kind: 'invalid'; problem: SettingProblem }
  | { kind: 'changed'; change: DigestPatch | StalePatch };

export function digestSettingMessage(r: SettingResult): Message {
  if (r.kind === 'no_person') return errorMessage(mrkdwn`Delegate something first; then your digest can be set up.`);
  if (r.kind !== 'current') return settingChanged(r);
  const s = r.settings;
  const where = s.channelId ? mrkdwn`in ${channelLink(s.channelId)}` : mrkdwn`as a DM`;
  const when = escapeMrkdwn(`${s.time} (${s.timeZone}) on ${s.days === 'daily' ? 'every day' : 'weekdays'}`);
  const text = s.enabled
    ? mrkdwn`Your digest comes at ${when}, ${where}; empty days get ${s.empty === 'none' ? mrkdwn`nothing` : mrkdwn`one line`}. Reviews count as stale after ${s.staleHours} h.`
    : mrkdwn`Your daily digest is off. \`/delegate digest on\` turns it back on.`;
  return { text, blocks: [section(text)] };
}

export function staleSettingMessage(r: SettingResult): Message {
  if (r.kind === 'no_person') return errorMessage(mrkdwn`Delegate something first.`);
  if (r.kind !== 'current') return settingChanged(r);
  const hours = r.settings.staleHours;
  return { text: mrkdwn`Reviews count as stale after ${hours} h.`, blocks: [section(`Reviews count as stale after ${hours} h. Change it with \`/delegate stale 48h\`.`)] };
}

function settingChanged(r: Extract<SettingResult, { kind: 'invalid' | 'changed' }>): Message {
  // A problem quotes what the person typed (escaped); a change may link the chosen channel.
  if (r.kind === 'invalid') return errorMessage(escapeMrkdwn(settingProblemText(r.problem)));
  const summary = appWords(settingChangeText(r.change));
  return { text: summary, blocks: [section(summary)] };
}
