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

export type SettingsParse =
  | { ok: true; patch: SettingsPatch }
  | { ok: false; errors: Partial<Record<Exclude<keyof SettingsInput, 'retroWeekly'>, string>> };

export function parseSettings(input: SettingsInput, current: { digestDays: 'weekdays' | 'daily' }): SettingsParse {
  const errors: Partial<Record<Exclude<keyof SettingsInput, 'retroWeekly'>, string>> = {};
  const limit = Number((input.limit ?? '').trim());
  if (!/^\d+$/.test((input.limit ?? '').trim()) || limit < LIMIT_MIN || limit > LIMIT_MAX) errors.limit = `A whole number from ${LIMIT_MIN} to ${LIMIT_MAX}.`;
  const time = (input.digestTime ?? '').trim();
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) errors.digestTime = 'A time like 09:00.';
  const stale = Number((input.staleHours ?? '').trim());
  if (!/^\d+$/.test((input.staleHours ?? '').trim()) || stale < 1 || stale > 720) errors.staleHours = 'Hours from 1 to 720.';
  const days = input.digestDays ?? current.digestDays;
  if (!['weekdays', 'daily', 'off'].includes(days)) errors.digestDays = 'Choose when the digest comes.';
  if (Object.keys(errors).length) return { ok: false, errors };
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
