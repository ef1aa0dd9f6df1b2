import { notOwner, type NotOwner } from '../domain/ownership';
import { leadTimeMinutes, nextRuns, toCron, type Schedule } from '../domain/cadence';
import {
  deferRun,
  deleteSchedule,
  getSchedule,
  insertSchedule,
  listDeferred,
  listSchedules,
  updateSchedule,
  type ScheduleRow,
} from '../repositories/schedules';
import { recentRunDurations } from '../repositories/work-items';
import type { Message } from '../views/card';
import type { Mrkdwn } from '../views/kit';
import { scheduleListMessage } from '../views/schedules';
import { toScheduleView } from './schedule-view';
import { delegate, type DelegateRequest } from './delegate';
import type { Deps } from './deps';
import { pause } from './schedule-pause';
import { cardChannelFor, readAccessFor } from './eyes/access';
import type { ReadRefusal } from '../domain/read-refusal';
import { REASONS } from '../views/reasons';

export type ScheduleRefusal = { code: 'not_found' } | NotOwner;

/** Creates a schedule in the person's time zone and its Agenda job. */
export async function createSchedule(
  deps: Deps,
  req: { userId: string; teamId: string | null; channelId: string; agent: string; instructions: string; schedule: Schedule },
): Promise<{ row: ScheduleRow; nextRun: Date }> {
  const timeZone = await timeZoneOf(deps, req.userId);
  const leadMinutes = req.schedule.mode === 'ready_by' ? leadTimeMinutes(await recentRunDurations(deps.db, req.userId, req.agent)) : 0;
  const cron = toCron(req.schedule.cadence, leadMinutes);
  const row = await insertSchedule(deps.db, {
    ownerId: req.userId,
    teamId: req.teamId,
    agent: req.agent,
    instructions: req.instructions,
    channelId: req.channelId,
    cadence: req.schedule,
    cron,
    timeZone,
    leadMinutes,
  });
  await deps.schedules.sync(row);
  await refreshHome(deps, row.ownerId);
  return { row, nextRun: nextRuns(cron, timeZone, deps.now(), 1)[0]! };
}

/**
 * A schedule from a request: refused, with nothing created, when it names a conversation the
 * agent may not read for this person (each run checks again, and fails on its card if that changed).
 */
export async function scheduleDelegation(
  deps: Deps,
  req: Parameters<typeof createSchedule>[1],
  opts: { withinMs?: number } = {},
): Promise<{ kind: 'created'; row: ScheduleRow; nextRun: Date } | { kind: 'cannot_read'; refusal: ReadRefusal }> {
  const access = await readAccessFor(deps, req.userId, req.agent, req.instructions, opts);
  if (!access.ok) return { kind: 'cannot_read', refusal: access.refusal };
  return { kind: 'created', ...(await createSchedule(deps, { ...req, channelId: cardChannelFor(access, req.channelId, req.userId) })) };
}

/** The person's Slack time zone; UTC when Slack does not say (and the card says which zone is used). */
async function timeZoneOf(deps: Deps, userId: string): Promise<string> {
  return (await deps.slack.user(userId)).timeZone ?? 'UTC';
}

async function owned(deps: Deps, id: string, actor: string): Promise<{ ok: true; row: ScheduleRow } | { ok: false; refusal: ScheduleRefusal }> {
  const row = await getSchedule(deps.db, id);
  if (!row) return { ok: false, refusal: { code: 'not_found' } };
  const notYours = notOwner(row, actor);
  return notYours ? { ok: false, refusal: notYours } : { ok: true, row };
}

export async function setScheduleState(deps: Deps, id: string, actor: string, state: 'active' | 'paused') {
  const check = await owned(deps, id, actor);
  if (!check.ok) return check;
  const row = await updateSchedule(deps.db, id, {
    state,
    pausedReason: state === 'paused' ? REASONS.pausedByOwner : null,
    ...(state === 'paused' ? { deferredSince: null, deferredCount: 0 } : {}),
  });
  await deps.schedules.sync(row!);
  await refreshHome(deps, actor);
  return { ok: true as const, row: row! };
}

export async function removeSchedule(deps: Deps, id: string, actor: string) {
  const check = await owned(deps, id, actor);
  if (!check.ok) return check;
  await deps.schedules.remove(id);
  await deleteSchedule(deps.db, id);
  await refreshHome(deps, actor);
  return { ok: true as const, row: check.row };
}

/** "Run now" (within the WIP limit) and "Run anyway" (one run past it). */
export async function runScheduleNow(deps: Deps, id: string, actor: string, overrideLimit: boolean) {
  const check = await owned(deps, id, actor);
  if (!check.ok) return check;
  const result = await startRun(deps, check.row, deps.now(), overrideLimit);
  return { ok: true as const, row: check.row, result };
}

/**
 * A schedule came due. At the WIP limit the run is deferred, not dropped and not piled
 * up: one deferred run per schedule, later due runs coalesce into it (counted).
 */
export async function fireSchedule(deps: Deps, schedule: ScheduleRow, slot: Date): Promise<'started' | 'deferred' | 'skipped'> {
  if (schedule.state !== 'active') return 'skipped';
  // If Slack cannot say whether the owner is still here, run anyway: missing a run is worse.
  const owner = await deps.slack.user(schedule.ownerId).catch((e) => {
    deps.logger.warn(`users.info for ${schedule.ownerId} failed; running schedule ${schedule.id} anyway`, e);
    return undefined;
  });
  if (owner?.deleted) {
    await pause(deps, schedule, { kind: 'owner_left' });
    return 'skipped';
  }
  if (schedule.deferredSince) {
    await deferRun(deps.db, schedule.id, slot); // coalesce into the run already waiting
    await startDeferred(deps, schedule.ownerId);
    return 'deferred';
  }
  const result = await startRun(deps, schedule, slot, false);
  return result.kind === 'refused' ? 'deferred' : result.kind === 'duplicate' ? 'skipped' : 'started';
}

async function startRun(deps: Deps, schedule: ScheduleRow, slot: Date, overrideLimit: boolean, deferOnRefusal = true) {
  const request: DelegateRequest = {
    userId: schedule.ownerId,
    teamId: schedule.teamId,
    channelId: schedule.channelId,
    agent: schedule.agent,
    instructions: schedule.instructions,
    source: 'schedule',
    scheduleId: schedule.id,
    scheduledFor: slot,
    overrideLimit,
  };
  // In the admission's transaction: a started run and its cleared deferral commit together, and a
  // deferral recorded after the run was admitted is not wiped by that run's later bookkeeping.
  const result = await delegate(deps, request, {
    onDecision: async (tx, kind) => {
      if (kind !== 'refused') await updateSchedule(tx, schedule.id, { lastRunAt: deps.now(), deferredSince: null, deferredCount: 0 });
      else if (deferOnRefusal) await deferRun(tx, schedule.id, slot);
    },
  });
  await refreshHome(deps, schedule.ownerId);
  return result;
}

/**
 * When a slot frees, deferred work starts, oldest first, while there is room: scheduled runs
 * and watched events waiting at the limit, in one queue.
 */
export async function startDeferred(deps: Deps, ownerId: string): Promise<number> {
  const waiting = [
    ...(await listDeferred(deps.db, ownerId)).map((schedule) => ({ at: schedule.deferredSince!, schedule })),
    ...(await waitingEventsOf(deps.db, ownerId)).map((event) => ({ at: event.receivedAt, event })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  let started = 0;
  for (const next of waiting) {
    if ('schedule' in next) {
      const result = await startRun(deps, next.schedule, next.schedule.deferredSince!, false, false);
      if (result.kind === 'refused') break; // still full: it keeps waiting, counted once
      started++;
      continue;
    }
    const { watch, ...row } = next.event;
    const result = await startForEvent(deps, watch, { key: row.eventKey, subject: row.summary as EventSubject, overLimit: false, waiting: row });
    if (result === 'waiting') break;
    if (result === 'started') started++;
  }
  if (started) await refreshHome(deps, ownerId);
  return started;
}


export async function scheduleList(deps: Deps, ownerId: string, note?: Mrkdwn): Promise<Message> {
  const now = deps.now();
  return scheduleListMessage((await listSchedules(deps.db, ownerId)).map((r) => toScheduleView(r, now)), now, note);
}

import { waitingEventsOf } from '../repositories/watches';
import { startForEvent } from './watch-start';
import type { EventSubject } from '../domain/event-intake';

function refreshHome(deps: Deps, userId: string): Promise<void> {
  return deps.home.refresh(userId).catch((e) => deps.logger.warn(`Home refresh for ${userId} not queued`, e));
}
