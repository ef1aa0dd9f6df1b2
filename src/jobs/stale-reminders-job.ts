import type { Agenda } from 'agenda';
import type { Deps } from '../use-cases/deps';
import { sendStaleReminders } from '../use-cases/stale-reminders';

export const STALE_REMINDERS_JOB = 'stale-reminders';

/** One repeating sweep; each item is claimed before its reminder, so a re-run reminds nobody twice. */
export async function scheduleStaleReminders(agenda: Agenda, deps: Deps): Promise<void> {
  agenda.define(STALE_REMINDERS_JOB, async () => {
    const sent = await sendStaleReminders(deps);
    if (sent) deps.logger.info(`Sent ${sent} stale-review reminder(s).`);
  });
  await agenda.every('15 minutes', STALE_REMINDERS_JOB);
}
