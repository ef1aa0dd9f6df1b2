import { describe, expect, it } from 'vitest';
import { parseSettings, type SettingsInput } from '../../src/domain/settings';

const valid: SettingsInput = { limit: '5', digestTime: '09:00', digestDays: 'weekdays', digestChannel: '', staleHours: '24', retroWeekly: true };

describe('parseSettings', () => {
  it('a valid form becomes a patch', () => {
    expect(parseSettings(valid, { digestDays: 'weekdays' })).toEqual({
      ok: true,
      patch: { wipLimit: 5, digestTime: '09:00', digestEnabled: true, digestDays: 'weekdays', digestChannel: null, staleHours: 24, retroWeekly: true },
    });
  });

  it('"off" turns the digest off and keeps the days chosen before', () => {
    expect(parseSettings({ ...valid, digestDays: 'off' }, { digestDays: 'daily' })).toMatchObject({ ok: true, patch: { digestEnabled: false, digestDays: 'daily' } });
  });

  it.each<[Partial<SettingsInput>, string[]]>([
    [{ limit: '0' }, ['limit']],
    [{ limit: '51' }, ['limit']],
    [{ limit: 'five' }, ['limit']],
    [{ digestTime: '9am' }, ['digestTime']],
    [{ digestTime: '24:00' }, ['digestTime']],
    [{ staleHours: '0' }, ['staleHours']],
    [{ staleHours: '721' }, ['staleHours']],
    [{ digestDays: 'sometimes' }, ['digestDays']],
    [{ limit: '', digestTime: '', staleHours: '' }, ['limit', 'digestTime', 'staleHours']],
  ])('%j names the fields it cannot take', (change, invalid) => {
    expect(parseSettings({ ...valid, ...change }, { digestDays: 'weekdays' })).toEqual({ ok: false, invalid });
  });
});
