import type { KnownBlock } from '@slack/types';
import type { Schedule } from '../domain/cadence';
import { describeCadence } from './cadence';
import { SCHEDULE_ACTIONS } from './slack-ids';
import type { Message } from './card';
import { actions, appWords, button, channelLink, context, divider, escapeMrkdwn, fitBlocks, mrkdwn, section, type Mrkdwn } from './kit';
import { age, preview, slackDate } from './mrkdwn';

export interface ScheduleView {
  id: string;
  agent: string;
  instructions: string;
  schedule: Schedule;
  timeZone: string;
  leadMinutes: number;
  state: 'active' | 'paused';
  pausedReason: string | null;
  nextRun: Date | null;
  deferredSince: Date | null;
  deferredCount: number;
}

/** Why a schedule was paused by the app (not by its owner). */
export type PauseReason = { kind: 'owner_left' } | { kind: 'channel_unreachable'; channelId: string; code: string };

/** Kept with the schedule as the app's own words, shown through `appWords` (which keeps the channel link live). */
export function pauseReasonText(reason: PauseReason): string {
  return reason.kind === 'owner_left'
    ? 'Its owner has left the workspace.'
    : `Its channel ${channelLink(reason.channelId)} can't be posted in (${reason.code}).`;
}

export function scheduleBlocks(s: ScheduleView, now: Date): KnownBlock[] {
  const value = JSON.stringify({ scheduleId: s.id });
  const lines = [
    `*${escapeMrkdwn(s.agent)}* ${describeCadence(s.schedule)} (${escapeMrkdwn(s.timeZone)}): “${preview(s.instructions, 150)}”`,
    s.state === 'paused'
      ? `:double_vertical_bar: Paused. ${appWords(s.pausedReason ?? '')}` // app-written, may link a channel
      : `Next run ${s.nextRun ? slackDate(s.nextRun) : 'unknown'}${s.leadMinutes ? ` (starts ${s.leadMinutes} min early to be ready on time)` : ''}`,
  ];
  if (s.deferredSince) {
    lines.push(
      `:hourglass: A run is waiting for room under your WIP limit (for ${age(s.deferredSince, now)}${s.deferredCount > 1 ? `; ${s.deferredCount} due runs coalesced into it` : ''}).`,
    );
  }
  const buttons = [
    s.state === 'active'
      ? button({ text: 'Pause', actionId: SCHEDULE_ACTIONS.pause, value })
      : button({ text: 'Resume', actionId: SCHEDULE_ACTIONS.resume, value, style: 'primary' }),
    button({ text: 'Run now', actionId: SCHEDULE_ACTIONS.runNow, value }),
    ...(s.deferredSince ? [button({ text: 'Run anyway', actionId: SCHEDULE_ACTIONS.runAnyway, value, style: 'primary' as const })] : []),
    button({ text: 'Delete', actionId: SCHEDULE_ACTIONS.remove, value, style: 'danger' }),
  ];
  return [section(lines.join('\n')), actions(`schedule:${s.id}`, buttons)];
}

export function scheduleListMessage(list: ScheduleView[], now: Date, note?: Mrkdwn): Message {
  if (list.length === 0) {
    return {
      text: mrkdwn`You have no schedules.`,
      blocks: [
        ...(note ? [context(note)] : []),
        section('You have no schedules. For example: `/delegate every friday 16:00 research: new releases of our main dependencies`'),
      ],
    };
  }
  const blocks: KnownBlock[] = [...(note ? [context(note)] : []), section(`*Your schedules (${list.length})*`)];
  for (const s of list) blocks.push(divider(), ...scheduleBlocks(s, now));
  return { text: mrkdwn`Your schedules (${list.length})`, blocks: fitBlocks(blocks, 50, 2) };
}

export function scheduleCreatedMessage(s: ScheduleView, now: Date): Message {
  const text = mrkdwn`Scheduled: ${escapeMrkdwn(`${s.agent} ${describeCadence(s.schedule)} (${s.timeZone})`)}.`;
  return { text, blocks: [section(`:calendar: ${text} Each run is an ordinary delegation with a card to review.`), ...scheduleBlocks(s, now)] };
}
