import { parseTimeOfDay } from './time-of-day';

/**
 * `/delegate digest …` and `/delegate stale …` settings. Pure.
 *   digest 8:45 | digest #channel | digest dm | digest off | digest on
 *   digest daily | digest weekdays | digest quiet (nothing on empty days) | digest brief (one line)
 *   stale 48h | stale 2d
 */
export type DigestPatch =
  | { digestTime: string }
  | { digestChannel: string | null }
  | { digestEnabled: boolean }
  | { digestDays: 'weekdays' | 'daily' }
  | { digestEmpty: 'line' | 'none' };

export type SettingParse<T> = { ok: true; patch: T; summary: string } | { ok: false; message: string };

const DIGEST_HELP =
  'Try `/delegate digest 8:45`, `/delegate digest #team-standup`, `/delegate digest dm`, `/delegate digest off`, `digest daily`, `digest weekdays`, `digest quiet` (nothing on empty days) or `digest brief`.';

export function parseDigestSetting(raw: string): SettingParse<DigestPatch> {
  const arg = raw.trim();
  const lower = arg.toLowerCase();
  const channel = /^<#(C[A-Z0-9]+|G[A-Z0-9]+)(?:\|[^>]*)?>$/.exec(arg);
  if (channel) return { ok: true, patch: { digestChannel: channel[1]! }, summary: `Your digest will be posted in <#${channel[1]}>.` };
  if (arg.startsWith('#')) {
    return { ok: false, message: `I couldn't tell which channel “${arg}” is. Pick it from Slack's autocomplete so it becomes a link, then try again.` };
  }
  switch (lower) {
    case 'dm':
      return { ok: true, patch: { digestChannel: null }, summary: 'Your digest will come as a DM.' };
    case 'off':
      return { ok: true, patch: { digestEnabled: false }, summary: 'Daily digest off. `/delegate digest on` turns it back on.' };
    case 'on':
      return { ok: true, patch: { digestEnabled: true }, summary: 'Daily digest on.' };
    case 'daily':
      return { ok: true, patch: { digestDays: 'daily' }, summary: 'Your digest will come every day.' };
    case 'weekdays':
      return { ok: true, patch: { digestDays: 'weekdays' }, summary: 'Your digest will come on weekdays.' };
    case 'quiet':
      return { ok: true, patch: { digestEmpty: 'none' }, summary: 'On days with nothing for you, no digest at all.' };
    case 'brief':
      return { ok: true, patch: { digestEmpty: 'line' }, summary: 'On days with nothing for you, a one-line digest.' };
  }
  const time = parseClock(arg);
  if (time) return { ok: true, patch: { digestTime: time }, summary: `Your digest will come at ${time}, your time.` };
  return { ok: false, message: `I don't understand “${arg}”. ${DIGEST_HELP}` };
}

export function parseStaleSetting(raw: string): SettingParse<{ staleHours: number }> {
  const m = /^(\d{1,3})\s*(h|hours?|d|days?)$/i.exec(raw.trim());
  if (!m) return { ok: false, message: 'Say how long before a review counts as stale, e.g. `/delegate stale 48h` or `/delegate stale 3d`.' };
  const hours = Number(m[1]) * (m[2]!.toLowerCase().startsWith('d') ? 24 : 1);
  if (hours < 1 || hours > 720) return { ok: false, message: 'Choose from 1 hour to 30 days.' };
  return { ok: true, patch: { staleHours: hours }, summary: `Reviews waiting longer than ${hours} h are now marked stale.` };
}

/** "8:45", "08:45", "8am", "4:30pm" → "HH:MM" (24 h), or undefined. */
export function parseClock(text: string): string | undefined {
  const time = parseTimeOfDay(text);
  return time && `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

export function digestCron(time: string, days: 'weekdays' | 'daily'): string {
  const [h, m] = time.split(':').map(Number);
  return `${m} ${h} * * ${days === 'weekdays' ? '1-5' : '*'}`;
}
