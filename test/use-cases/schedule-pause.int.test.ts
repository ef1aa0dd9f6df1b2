import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../src/domain/cadence';
import { deferRun, getSchedule } from '../../src/repositories/schedules';
import { pauseIfUnreachable } from '../../src/use-cases/schedule-pause';
import { createSchedule, setScheduleState } from '../../src/use-cases/schedules';
import { useFakeDeps, type FakeDeps } from '../support/fake-deps';
import { delegated } from '../support/use-case-steps';

const getDeps = useFakeDeps();
const DAILY: Schedule = { cadence: { kind: 'daily', at: { hour: 7, minute: 0 } }, mode: 'run_at' };
const unreachable = { unreachable: { channelId: 'C0GONE', code: 'channel_not_found' } };

async function scheduled(deps: FakeDeps, userId: string, channelId = 'C0GONE') {
  const { row: schedule } = await createSchedule(deps, { userId, teamId: 'T0001', channelId, agent: 'research', instructions: 'daily news', schedule: DAILY });
  const item = await delegated(deps, { userId, channelId, source: 'schedule', scheduleId: schedule.id, scheduledFor: deps.now() });
  deps.schedules.synced.length = 0;
  deps.home.refreshed.length = 0;
  return { schedule, item };
}

describe('pauseIfUnreachable', () => {
  it('pauses the item’s active schedule, says why, drops its deferred run and stops its job', async () => {
    const deps = getDeps();
    const { schedule, item } = await scheduled(deps, 'U0PAUSE1');
    await deferRun(deps.db, schedule.id, deps.now());

    await pauseIfUnreachable(deps, item, unreachable);

    const paused = await getSchedule(deps.db, schedule.id);
    expect(paused).toMatchObject({ state: 'paused', deferredSince: null, deferredCount: 0 });
    expect(paused?.pausedReason).toBe("Its channel <#C0GONE> can't be posted in (channel_not_found).");
    expect(deps.schedules.synced.map((s) => [s.id, s.state])).toEqual([[schedule.id, 'paused']]);
    expect(deps.home.refreshed).toEqual(['U0PAUSE1']);
  });

  it('touches only that item’s schedule: the owner’s other schedules keep running', async () => {
    const deps = getDeps();
    const { schedule, item } = await scheduled(deps, 'U0PAUSE2');
    const { row: other } = await createSchedule(deps, { userId: 'U0PAUSE2', teamId: 'T0001', channelId: 'C0GONE', agent: 'research', instructions: 'weekly', schedule: DAILY });

    await pauseIfUnreachable(deps, item, unreachable);

    expect((await getSchedule(deps.db, schedule.id))?.state).toBe('paused');
    expect((await getSchedule(deps.db, other.id))?.state).toBe('active');
  });

  it('a schedule already paused keeps its own reason and is not synced again', async () => {
    const deps = getDeps();
    const { schedule, item } = await scheduled(deps, 'U0PAUSE3');
    await setScheduleState(deps, schedule.id, 'U0PAUSE3', 'paused');
    deps.schedules.synced.length = 0;

    await pauseIfUnreachable(deps, item, unreachable);

    expect((await getSchedule(deps.db, schedule.id))?.pausedReason).toBe('Paused by you.');
    expect(deps.schedules.synced).toEqual([]);
  });

  it('a card that reached its channel pauses nothing', async () => {
    const deps = getDeps();
    const { schedule, item } = await scheduled(deps, 'U0PAUSE4');
    await pauseIfUnreachable(deps, item, {});
    expect((await getSchedule(deps.db, schedule.id))?.state).toBe('active');
    expect(deps.schedules.synced).toEqual([]);
  });

  it('an item without a schedule: nothing to pause', async () => {
    const deps = getDeps();
    const item = await delegated(deps, { userId: 'U0PAUSE5', channelId: 'C0GONE' });
    deps.home.refreshed.length = 0;
    await pauseIfUnreachable(deps, item, unreachable);
    expect(deps.schedules.synced).toEqual([]);
    expect(deps.home.refreshed).toEqual([]);
    expect(deps.logger.at('warn')).toEqual([]);
  });
});
