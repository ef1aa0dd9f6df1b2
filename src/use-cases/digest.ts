import { DateTime } from 'luxon';
import { nextRuns } from '../domain/cadence';
import { isStale } from '../domain/staleness';
import { digestCron, parseDigestSetting, parseStaleSetting } from '../domain/digest-settings';
import { listActiveSchedulesOf, listDeferred } from '../repositories/schedules';
import { listClosedBetween, listOpen, stateOf } from '../repositories/work-items';
import { claimDigest, getPerson, updatePerson, type PersonRow } from '../repositories/people';
import { renderDigest, isEmptyDay, type DigestModel, type DigestSettingsView, type SettingResult } from '../views/digest';
import type { Deps } from './deps';
import { retro } from '../repositories/home';
import { weeklyRetroMessage } from '../views/home';
import { toRetroRow } from './home';
import { slackCall } from '../integrations/slack/errors';

/** The digest's query layer: one person's day, in their time zone. */
export async function buildDigestModel(deps: Deps, person: PersonRow, now: Date): Promise<DigestModel> {
  const zone = person.timeZone ?? 'UTC';
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const [open, closed, deferred, schedules] = await Promise.all([
    listOpen(deps.db, person.userId),
    listClosedBetween(deps.db, person.userId, today.minus({ days: 1 }).toJSDate(), today.toJSDate()),
    listDeferred(deps.db, person.userId),
    listActiveSchedulesOf(deps.db, person.userId),
  ]);
  const endOfDay = today.plus({ days: 1 }).toJSDate();
  return {
    dayLabel: DateTime.fromJSDate(now, { zone }).toFormat('cccc d LLLL'),
    open: open.length,
    limit: person.wipLimit ?? deps.config.wipLimit,
    review: open
      .filter((r) => r.status === 'awaiting_review')
      .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime())
      .map((r) => ({ id: r.id, agent: r.agent, instructions: r.instructions, version: r.currentVersion, waitingSince: r.updatedAt, stale: isStale(r.updatedAt, person.staleHours, now) })),
    failed: open
      .filter((r) => r.status === 'failed')
      .map((r) => {
        const state = stateOf(r);
        return { id: r.id, agent: r.agent, instructions: r.instructions, version: r.currentVersion, reason: state.status === 'failed' ? state.reason : '' };
      }),
    completedYesterday: closed.map((r) => ({ agent: r.agent, instructions: r.instructions, outcome: r.status === 'acting' || r.status === 'completed' ? 'approved' : (r.status as 'approved' | 'rejected' | 'cancelled') })),
    scheduledToday: schedules
      .map((s) => ({ agent: s.agent, instructions: s.instructions, at: nextRuns(s.cron, s.timeZone, now, 1)[0]! }))
      .filter((s) => s.at < endOfDay)
      .sort((a, b) => a.at.getTime() - b.at.getTime()),
    deferred: deferred.map((s) => ({ scheduleId: s.id, agent: s.agent, instructions: s.instructions, since: s.deferredSince!, count: s.deferredCount })),
  };
}

/** Sends today's digest once (a re-delivered job sends nothing); an empty day gets one line or nothing, as the person chose. */
export async function sendDigest(deps: Deps, userId: string): Promise<'sent' | 'skipped' | 'empty'> {
  const person = await getPerson(deps.db, userId);
  if (!person?.digestEnabled) return 'skipped';
  const now = deps.now();
  const model = await buildDigestModel(deps, person, now);
  if (isEmptyDay(model) && person.digestEmpty === 'none') return 'empty';
  const localDate = DateTime.fromJSDate(now, { zone: person.timeZone ?? 'UTC' }).toISODate()!;
  if (!(await claimDigest(deps.db, userId, localDate))) return 'skipped';
  const message = renderDigest(model, now);
  const channel = person.digestChannel ?? userId;
  await slackCall('chat.postMessage', () => deps.slack.post(channel, message));
  if (person.retroWeekly && DateTime.fromJSDate(now, { zone: person.timeZone ?? 'UTC' }).weekday === 5) {
    const rows = await retro(deps.db, userId, new Date(now.getTime() - 30 * 86_400_000));
    await slackCall('chat.postMessage', () => deps.slack.post(channel, weeklyRetroMessage(rows.map(toRetroRow))));
  }
  return 'sent';
}

/**
 * Makes sure a person who uses the app has a digest job in their time zone (read once from Slack).
 * A caller that has just read the person's row passes what it read, which saves reading it again.
 */
export async function ensureDigest(deps: Deps, userId: string, known?: Pick<PersonRow, 'timeZone'>): Promise<void> {
  const person = known ?? (await getPerson(deps.db, userId));
  if (!person || person.timeZone) return;
  const { timeZone } = await deps.slack.user(userId);
  const updated = await updatePerson(deps.db, userId, { timeZone: timeZone ?? 'UTC' });
  if (updated) await deps.digests.sync(updated);
}

/** `/delegate digest [setting]`: show the digest settings, or change one. `digestSettingMessage` words the result. */
export async function changeDigest(deps: Deps, userId: string, teamId: string | null, raw: string | null): Promise<SettingResult> {
  await ensureDigest(deps, userId).catch((e) => deps.logger.warn('Time zone lookup failed', e));
  const person = await getPerson(deps.db, userId);
  if (!person) return { kind: 'no_person' };
  if (raw === null) return { kind: 'current', settings: settingsView(person) };
  const parsed = parseDigestSetting(raw);
  if (!parsed.ok) return { kind: 'invalid', problem: parsed.problem };
  const updated = await updatePerson(deps.db, userId, { ...parsed.patch, teamId: person.teamId ?? teamId });
  if (updated) await deps.digests.sync(updated);
  return { kind: 'changed', change: parsed.patch };
}

/** `/delegate stale [hours]`: show or change when a review counts as stale. `staleSettingMessage` words the result. */
export async function changeStale(deps: Deps, userId: string, raw: string | null): Promise<SettingResult> {
  const person = await getPerson(deps.db, userId);
  if (!person) return { kind: 'no_person' };
  if (raw === null) return { kind: 'current', settings: settingsView(person) };
  const parsed = parseStaleSetting(raw);
  if (!parsed.ok) return { kind: 'invalid', problem: parsed.problem };
  await updatePerson(deps.db, userId, parsed.patch);
  return { kind: 'changed', change: parsed.patch };
}

function settingsView(p: PersonRow): DigestSettingsView {
  return {
    enabled: p.digestEnabled,
    time: p.digestTime,
    timeZone: p.timeZone ?? 'UTC',
    days: p.digestDays === 'daily' ? 'daily' : 'weekdays',
    channelId: p.digestChannel,
    empty: p.digestEmpty === 'none' ? 'none' : 'line',
    staleHours: p.staleHours,
  };
}

export { digestCron };
