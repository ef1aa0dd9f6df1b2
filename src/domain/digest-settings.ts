import { STALE_HOURS_MAX, STALE_HOURS_MIN } from './staleness';
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

export type StalePatch = { staleHours: number };

/** Why a setting was refused; views/settings.ts words it (the summary of a change is worded from the patch). */
export type SettingProblem =
  | { code: 'digest_channel_unlinked'; text: string }
  | { code: 'digest_not_understood'; text: string }
  | { code: 'stale_unreadable' }
  | { code: 'stale_out_of_range'; hours: number };

export type SettingParse<T> = { ok: true; patch: T } | { ok: false; problem: SettingProblem };

export function parseDigestSetting(raw: string): SettingParse<DigestPatch> {
  const arg = raw.trim();
  const lower = arg.toLowerCase();
  const channel = /^<#(C[A-Z0-9]+|G[A-Z0-9]+)(?:\|[^>]*)?>$/.exec(arg);
  if (channel) return { ok: true, patch: { digestChannel: channel[1]! } };
  if (arg.startsWith('#')) return { ok: false, problem: { code: 'digest_channel_unlinked', text: arg } };
  switch (lower) {
    case 'dm':
      return { ok: true, patch: { digestChannel: null } };
    case 'off':
      return { ok: true, patch: { digestEnabled: false } };
    case 'on':
      return { ok: true, patch: { digestEnabled: true } };
    case 'daily':
      return { ok: true, patch: { digestDays: 'daily' } };
    case 'weekdays':
      return { ok: true, patch: { digestDays: 'weekdays' } };
    case 'quiet':
      return { ok: true, patch: { digestEmpty: 'none' } };
    case 'brief':
      return { ok: true, patch: { digestEmpty: 'line' } };
  }
  const time = parseClock(arg);
  if (time) return { ok: true, patch: { digestTime: time } };
  return { ok: false, problem: { code: 'digest_not_understood', text: arg } };
}

export function parseStaleSetting(raw: string): SettingParse<StalePatch> {
  const m = /^(\d{1,3})\s*(h|hours?|d|days?)$/i.exec(raw.trim());
  if (!m) return { ok: false, problem: { code: 'stale_unreadable' } };
  const hours = Number(m[1]) * (m[2]!.toLowerCase().startsWith('d') ? 24 : 1);
  if (hours < STALE_HOURS_MIN || hours > STALE_HOURS_MAX) return { ok: false, problem: { code: 'stale_out_of_range', hours } };
  return { ok: true, patch: { staleHours: hours } };
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
