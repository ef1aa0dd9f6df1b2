import { STALE_HOURS_MAX, STALE_HOURS_MIN } from './staleness';
import { LIMIT_MAX, LIMIT_MIN } from './wip-policy';

/** The Home settings form, validated field by field (pure). */
export interface SettingsInput {
  limit?: string;
  digestTime?: string;
  digestDays?: string;
  digestChannel?: string;
  staleHours?: string;
  retroWeekly?: boolean;
}

export interface SettingsPatch {
  wipLimit: number;
  digestTime: string;
  digestEnabled: boolean;
  digestDays: 'weekdays' | 'daily';
  digestChannel: string | null;
  staleHours: number;
  retroWeekly: boolean;
}

/** A field the form cannot take as it is; views/form-errors.ts says what it needs. */
export type SettingsField = 'limit' | 'digestTime' | 'digestDays' | 'staleHours';

export type SettingsParse = { ok: true; patch: SettingsPatch } | { ok: false; invalid: SettingsField[] };

export function parseSettings(input: SettingsInput, current: { digestDays: 'weekdays' | 'daily' }): SettingsParse {
  const invalid: SettingsField[] = [];
  const limit = Number((input.limit ?? '').trim());
  if (!/^\d+$/.test((input.limit ?? '').trim()) || limit < LIMIT_MIN || limit > LIMIT_MAX) invalid.push('limit');
  const time = (input.digestTime ?? '').trim();
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) invalid.push('digestTime');
  const stale = Number((input.staleHours ?? '').trim());
  if (!/^\d+$/.test((input.staleHours ?? '').trim()) || stale < STALE_HOURS_MIN || stale > STALE_HOURS_MAX) invalid.push('staleHours');
  const days = input.digestDays ?? current.digestDays;
  if (!['weekdays', 'daily', 'off'].includes(days)) invalid.push('digestDays');
  if (invalid.length) return { ok: false, invalid };
  return {
    ok: true,
    patch: {
      wipLimit: limit,
      digestTime: time,
      digestEnabled: days !== 'off',
      digestDays: days === 'off' ? current.digestDays : (days as 'weekdays' | 'daily'),
      digestChannel: input.digestChannel || null,
      staleHours: stale,
      retroWeekly: Boolean(input.retroWeekly),
    },
  };
}
