import { describe, expect, it } from 'vitest';
import { digestCron, parseClock, parseDigestSetting, parseStaleSetting, type SettingProblem } from '../../src/domain/digest-settings';

describe('parseDigestSetting', () => {
  it.each([
    ['8:45', { digestTime: '08:45' }],
    ['17:30', { digestTime: '17:30' }],
    ['8am', { digestTime: '08:00' }],
    ['4:30pm', { digestTime: '16:30' }],
    ['<#C0STANDUP|team-standup>', { digestChannel: 'C0STANDUP' }],
    ['<#C0STANDUP>', { digestChannel: 'C0STANDUP' }],
    ['dm', { digestChannel: null }],
    ['off', { digestEnabled: false }],
    ['ON', { digestEnabled: true }],
    ['daily', { digestDays: 'daily' }],
    ['weekdays', { digestDays: 'weekdays' }],
    ['quiet', { digestEmpty: 'none' }],
    ['brief', { digestEmpty: 'line' }],
  ])('%j', (raw, patch) => {
    expect(parseDigestSetting(raw)).toMatchObject({ ok: true, patch });
  });

  it.each<[string, SettingProblem]>([
    ['#team-standup', { code: 'digest_channel_unlinked', text: '#team-standup' }],
    ['25:00', { code: 'digest_not_understood', text: '25:00' }],
    [' sometimes ', { code: 'digest_not_understood', text: 'sometimes' }],
  ])('refuses %j', (raw, problem) => {
    expect(parseDigestSetting(raw)).toEqual({ ok: false, problem });
  });
});

describe('parseStaleSetting', () => {
  it.each([
    ['48h', 48],
    ['3d', 72],
    ['12 hours', 12],
    ['1 day', 24],
  ])('%j → %i h', (raw, hours) => {
    expect(parseStaleSetting(raw)).toMatchObject({ ok: true, patch: { staleHours: hours } });
  });

  it.each<[string, SettingProblem]>([
    ['0h', { code: 'stale_out_of_range', hours: 0 }],
    ['31d', { code: 'stale_out_of_range', hours: 744 }],
    ['soon', { code: 'stale_unreadable' }],
  ])('refuses %j', (raw, problem) => {
    expect(parseStaleSetting(raw)).toEqual({ ok: false, problem });
  });
});

describe('clock and cron', () => {
  it.each([
    ['9:00', '09:00'],
    ['12am', '00:00'],
    ['12pm', '12:00'],
    ['9', undefined],
    ['13pm', undefined],
  ])('parseClock(%j) = %j', (raw, clock) => {
    expect(parseClock(raw)).toBe(clock);
  });

  it('digest cron for weekdays and every day', () => {
    expect(digestCron('08:45', 'weekdays')).toBe('45 8 * * 1-5');
    expect(digestCron('09:00', 'daily')).toBe('0 9 * * *');
  });
});
