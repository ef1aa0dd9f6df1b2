import type { DigestPatch, SettingProblem, StalePatch } from '../domain/digest-settings';
import type { SettingsField } from '../domain/settings';
import { STALE_HOURS_MAX, STALE_HOURS_MIN } from '../domain/staleness';
import { LIMIT_MAX, LIMIT_MIN, type LimitProblem } from '../domain/wip-policy';

/**
 * Settings in words: what `/delegate digest …`, `/delegate stale …` and `/delegate limit …`
 * changed or refused, and what the settings form says next to a field. Plain text: a problem
 * quotes what the person typed, so the caller escapes it; a change may name a channel as `<#C…>`
 * (the caller shows it through `appWords`).
 */

const DIGEST_HELP =
  'Try `/delegate digest 8:45`, `/delegate digest #team-standup`, `/delegate digest dm`, `/delegate digest off`, `digest daily`, `digest weekdays`, `digest quiet` (nothing on empty days) or `digest brief`.';

export function settingProblemText(problem: SettingProblem): string {
  switch (problem.code) {
    case 'digest_channel_unlinked':
      return `I couldn't tell which channel “${problem.text}” is. Pick it from Slack's autocomplete so it becomes a link, then try again.`;
    case 'digest_not_understood':
      return `I don't understand “${problem.text}”. ${DIGEST_HELP}`;
    case 'stale_unreadable':
      return 'Say how long before a review counts as stale, e.g. `/delegate stale 48h` or `/delegate stale 3d`.';
    case 'stale_out_of_range':
      return 'Choose from 1 hour to 30 days.';
  }
}

/** What a digest or stale setting now is, in one sentence. */
export function settingChangeText(change: DigestPatch | StalePatch): string {
  if ('digestChannel' in change) return change.digestChannel ? `Your digest will be posted in <#${change.digestChannel}>.` : 'Your digest will come as a DM.';
  if ('digestEnabled' in change) return change.digestEnabled ? 'Daily digest on.' : 'Daily digest off. `/delegate digest on` turns it back on.';
  if ('digestDays' in change) return change.digestDays === 'daily' ? 'Your digest will come every day.' : 'Your digest will come on weekdays.';
  if ('digestEmpty' in change) return change.digestEmpty === 'none' ? 'On days with nothing for you, no digest at all.' : 'On days with nothing for you, a one-line digest.';
  if ('digestTime' in change) return `Your digest will come at ${change.digestTime}, your time.`;
  return `Reviews waiting longer than ${change.staleHours} h are now marked stale.`;
}

export function limitProblemText(problem: LimitProblem): string {
  return problem.code === 'not_whole_number'
    ? `The limit must be a whole number from ${LIMIT_MIN} to ${LIMIT_MAX}, e.g. \`/delegate limit 5\`.`
    : `The limit must be from ${LIMIT_MIN} to ${LIMIT_MAX}; you asked for ${problem.asked}.`;
}

/** What the Home settings form says next to a field it cannot take (plain text). */
export const SETTINGS_FIELD_ERRORS: Record<SettingsField, string> = {
  limit: `A whole number from ${LIMIT_MIN} to ${LIMIT_MAX}.`,
  digestTime: 'A time like 09:00.',
  digestDays: 'Choose when the digest comes.',
  staleHours: `Hours from ${STALE_HOURS_MIN} to ${STALE_HOURS_MAX}.`,
};
