import { DEFAULT_STALE_HOURS } from '../domain/staleness';
import type { SettingsPatch } from '../domain/settings';
import { getPerson, updatePerson, upsertPerson } from '../repositories/people';
import type { SettingsModel } from '../views/modals/settings-modal';
import type { Deps } from './deps';
import { ensureDigest } from './digest';
import { publishHome } from './home';
import { startDeferred } from './schedules';

export async function currentSettings(deps: Deps, userId: string): Promise<SettingsModel> {
  const person = await getPerson(deps.db, userId);
  return {
    wipLimit: person?.wipLimit ?? deps.config.wipLimit,
    digestEnabled: person?.digestEnabled ?? true,
    digestTime: person?.digestTime ?? '09:00',
    digestDays: person?.digestDays ?? 'weekdays',
    digestChannel: person?.digestChannel ?? null,
    staleHours: person?.staleHours ?? DEFAULT_STALE_HOURS,
    retroWeekly: person?.retroWeekly ?? false,
  };
}

/** Saves the Home settings form, re-times the digest job, admits waiting runs a higher limit makes room for, and redraws Home. */
export async function saveSettings(deps: Deps, userId: string, teamId: string | null, patch: SettingsPatch): Promise<void> {
  await upsertPerson(deps.db, userId, teamId);
  const person = await updatePerson(deps.db, userId, patch);
  await ensureDigest(deps, userId);
  if (person?.timeZone) await deps.digests.sync((await getPerson(deps.db, userId))!);
  await startDeferred(deps, userId);
  await publishHome(deps, userId);
}
