import { describe, expect, it } from 'vitest';
import type { WorkItemRow } from '../../src/repositories/work-items';
import { actOnItem } from '../../src/use-cases/act-on-item';
import { changeStale } from '../../src/use-cases/digest';
import { sendStaleReminders } from '../../src/use-cases/stale-reminders';
import { useFakeDeps, type FakeDeps } from '../support/fake-deps';
import { itemRow, ranToReview } from '../support/use-case-steps';

const getDeps = useFakeDeps();
const HOUR = 3_600_000;

/** Reminders posted in this item's card thread. */
const remindersOf = (deps: FakeDeps, row: WorkItemRow) =>
  deps.slack.done('post').filter((p) => p.threadTs !== undefined && p.threadTs === row.cardTs && p.channel === row.cardChannelId);

/** Runs the sweep; every reminder it counts is one it posted (other tests' items share the database). */
async function sweep(deps: FakeDeps): Promise<number> {
  const before = deps.slack.done('post').length;
  const sent = await sendStaleReminders(deps);
  expect(sent).toBe(deps.slack.done('post').length - before);
  return sent;
}

describe('sendStaleReminders', () => {
  it('a review past its owner’s threshold gets one reminder in the card’s thread, at most one a day; nothing expires', async () => {
    const deps = getDeps();
    const row = await ranToReview(deps, { userId: 'U0STALE1', channelId: 'C0STALE1' });

    deps.clock.advance(25 * HOUR);
    await sweep(deps);
    const [reminder] = remindersOf(deps, row);
    expect(reminder?.message.text).toMatch(/^:hourglass: <@U0STALE1>, this has been waiting for your review for 2[45] h\./);
    expect((await itemRow(deps.db, row.id)).remindedAt).toEqual(deps.now());

    await sweep(deps); // the same day: not again
    deps.clock.advance(23 * HOUR);
    await sweep(deps);
    expect(remindersOf(deps, row)).toHaveLength(1);

    deps.clock.advance(2 * HOUR); // a day after the first
    await sweep(deps);
    expect(remindersOf(deps, row)).toHaveLength(2);
    expect((await itemRow(deps.db, row.id)).status).toBe('awaiting_review');
  });

  it('not for a review still within its owner’s threshold', async () => {
    const deps = getDeps();
    const usual = await ranToReview(deps, { userId: 'U0STALE2', channelId: 'C0STALE2' });
    const patient = await ranToReview(deps, { userId: 'U0STALE3', channelId: 'C0STALE3' });
    await changeStale(deps, 'U0STALE3', '48h');

    deps.clock.advance(23 * HOUR);
    await sweep(deps);
    expect(remindersOf(deps, usual)).toEqual([]);

    deps.clock.advance(7 * HOUR);
    await sweep(deps);
    expect(remindersOf(deps, usual)).toHaveLength(1);
    expect(remindersOf(deps, patient)).toEqual([]);
    expect((await itemRow(deps.db, patient.id)).remindedAt).toBeNull();
  });

  it('not for an item no longer waiting for review', async () => {
    const deps = getDeps();
    const row = await ranToReview(deps, { userId: 'U0STALE4', channelId: 'C0STALE4' });
    expect(await actOnItem(deps, row.id, { type: 'approve', actor: 'U0STALE4', version: 1 })).toMatchObject({ ok: true });

    deps.clock.advance(30 * HOUR);
    await sweep(deps);

    expect(remindersOf(deps, row)).toEqual([]);
  });

  it('a reminder Slack refuses is logged and not counted; it is not retried the same day', async () => {
    const deps = getDeps();
    const row = await ranToReview(deps, { userId: 'U0STALE5', channelId: 'C0STALE5' });
    deps.slack.failNext('post', 'not_in_channel', { when: (p) => p.threadTs === row.cardTs });

    deps.clock.advance(25 * HOUR);
    await sweep(deps);
    expect(deps.logger.at('warn').join('\n')).toContain(`Stale reminder for item ${row.id} not sent`);

    await sweep(deps);
    expect(deps.slack.callsTo('post').filter((p) => p.threadTs === row.cardTs)).toHaveLength(1); // the refused one only
  });
});
