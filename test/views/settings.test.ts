import { describe, expect, it } from 'vitest';
import type { DigestPatch, SettingProblem, StalePatch } from '../../src/domain/digest-settings';
import type { LimitProblem } from '../../src/domain/wip-policy';
import { digestSettingMessage, staleSettingMessage } from '../../src/views/digest';
import { limitProblemText, SETTINGS_FIELD_ERRORS, settingChangeText, settingProblemText } from '../../src/views/settings';

describe('settingProblemText', () => {
  it.each<[SettingProblem, string]>([
    [{ code: 'digest_channel_unlinked', text: '#team-standup' }, "I couldn't tell which channel “#team-standup” is. Pick it from Slack's autocomplete so it becomes a link, then try again."],
    [{ code: 'digest_not_understood', text: 'sometimes' }, 'I don\'t understand “sometimes”. Try `/delegate digest 8:45`, `/delegate digest #team-standup`, `/delegate digest dm`, `/delegate digest off`, `digest daily`, `digest weekdays`, `digest quiet` (nothing on empty days) or `digest brief`.'],
    [{ code: 'stale_unreadable' }, 'Say how long before a review counts as stale, e.g. `/delegate stale 48h` or `/delegate stale 3d`.'],
    [{ code: 'stale_out_of_range', hours: 744 }, 'Choose from 1 hour to 30 days.'],
  ])('%j', (problem, words) => {
    expect(settingProblemText(problem)).toBe(words);
  });
});

describe('settingChangeText', () => {
  it.each<[DigestPatch | StalePatch, string]>([
    [{ digestChannel: 'C0STANDUP' }, 'Your digest will be posted in <#C0STANDUP>.'],
    [{ digestChannel: null }, 'Your digest will come as a DM.'],
    [{ digestEnabled: false }, 'Daily digest off. `/delegate digest on` turns it back on.'],
    [{ digestEnabled: true }, 'Daily digest on.'],
    [{ digestDays: 'daily' }, 'Your digest will come every day.'],
    [{ digestDays: 'weekdays' }, 'Your digest will come on weekdays.'],
    [{ digestEmpty: 'none' }, 'On days with nothing for you, no digest at all.'],
    [{ digestEmpty: 'line' }, 'On days with nothing for you, a one-line digest.'],
    [{ digestTime: '08:45' }, 'Your digest will come at 08:45, your time.'],
    [{ staleHours: 48 }, 'Reviews waiting longer than 48 h are now marked stale.'],
  ])('%j', (change, words) => {
    expect(settingChangeText(change)).toBe(words);
  });
});

describe('limitProblemText', () => {
  it.each<[LimitProblem, string]>([
    [{ code: 'not_whole_number' }, 'The limit must be a whole number from 1 to 50, e.g. `/delegate limit 5`.'],
    [{ code: 'out_of_range', asked: 51 }, 'The limit must be from 1 to 50; you asked for 51.'],
  ])('%j', (problem, words) => {
    expect(limitProblemText(problem)).toBe(words);
  });
});

describe('SETTINGS_FIELD_ERRORS', () => {
  it.each([
    ['limit', 'A whole number from 1 to 50.'],
    ['digestTime', 'A time like 09:00.'],
    ['digestDays', 'Choose when the digest comes.'],
    ['staleHours', 'Hours from 1 to 720.'],
  ] as const)('%s → %s', (field, words) => {
    expect(SETTINGS_FIELD_ERRORS[field]).toBe(words);
  });
});

describe('digest and stale replies', () => {
  it('a change that names a channel keeps the link live', () => {
    expect(digestSettingMessage({ kind: 'changed', change: { digestChannel: 'C0STANDUP' } }).text).toBe('Your digest will be posted in <#C0STANDUP>.');
  });

  it('a refusal quotes what the person typed, escaped', () => {
    const message = staleSettingMessage({ kind: 'invalid', problem: { code: 'stale_unreadable' } });
    expect(message.text).toContain('`/delegate stale 48h`');
    expect(digestSettingMessage({ kind: 'invalid', problem: { code: 'digest_not_understood', text: '<!channel>' } }).text).toContain('“&lt;!channel&gt;”');
  });
});
