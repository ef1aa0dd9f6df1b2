import { describe, expect, it } from 'vitest';
import { getAction } from '../../../src/repositories/item-actions';
import { actOnItem } from '../../../src/use-cases/act-on-item';
import { retryAction, skipAction } from '../../../src/use-cases/actions/retry-skip';
import { runAction } from '../../../src/use-cases/actions/run';
import { buildActionItem, buildResearch } from '../../specs/builders';
import { useFakeDeps, type FakeDeps } from '../../support/fake-deps';
import { actionRows, itemRow, LEASE, ranToReview } from '../../support/use-case-steps';

const getDeps = useFakeDeps();

/** Approved with two actions: the post to C0PUB failed (not in channel), Ana's DM went out. */
async function approvedWithAFailure(deps: FakeDeps, userId: string) {
  deps.slack.directory = [{ id: 'U0ANA', name: 'ana', displayName: 'Ana', realName: 'Ana Silva' }];
  const artifact = buildResearch({ action_items: [buildActionItem({ owner: 'Ana' })] });
  const row = await ranToReview(deps, { userId, publishChannelId: 'C0PUB' }, artifact);
  expect(await actOnItem(deps, row.id, { type: 'approve', actor: userId, version: 1 })).toMatchObject({ ok: true });
  deps.actionSlack.failNext('post', 'not_in_channel', { when: (c) => c.channel === 'C0PUB' });
  for (const run of deps.actions.queued.splice(0)) await runAction(deps, run, LEASE);
  const [assign, publish] = await actionRows(deps.db, row.id);
  expect([assign?.status, publish?.status]).toEqual(['succeeded', 'failed']);
  expect(publish?.error).toContain('not a member of <#C0PUB>');
  expect((await itemRow(deps.db, row.id)).status).toBe('completed');
  deps.slack.calls.length = 0;
  deps.actionSlack.calls.length = 0;
  return { itemId: row.id, assign: assign!, publish: publish! };
}

describe('retryAction', () => {
  it('the owner retries the failed action: it is queued again under a new run, and then posts once', async () => {
    const deps = getDeps();
    const { itemId, publish } = await approvedWithAFailure(deps, 'U0RETRY1');

    expect(await retryAction(deps, 'U0RETRY1', publish.id)).toEqual({ ok: true });

    const queued = await getAction(deps.db, publish.id);
    expect(queued).toMatchObject({ status: 'queued', runSeq: publish.runSeq + 1, error: null });
    expect(deps.actions.queued).toEqual([{ actionId: publish.id, runSeq: publish.runSeq + 1 }]);
    expect(deps.slack.callsTo('update')).toHaveLength(1); // the card shows it running again

    expect(await runAction(deps, deps.actions.queued[0]!, LEASE)).toBe('succeeded');
    expect(deps.actionSlack.done('post').map((p) => p.channel)).toEqual(['C0PUB']);
    expect((await getAction(deps.db, publish.id))?.status).toBe('succeeded');
    expect((await itemRow(deps.db, itemId)).status).toBe('completed');
  });

  it('when the retry cannot be queued, the action fails again and says so', async () => {
    const deps = getDeps();
    const { publish } = await approvedWithAFailure(deps, 'U0RETRY2');
    deps.actions.failNext();

    expect(await retryAction(deps, 'U0RETRY2', publish.id)).toEqual({ ok: true });

    expect(await getAction(deps.db, publish.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('could not be queued') });
  });

  it('only the owner, and only a failed action', async () => {
    const deps = getDeps();
    const { assign, publish } = await approvedWithAFailure(deps, 'U0RETRY3');

    expect(await retryAction(deps, 'U0SOMEONE', publish.id)).toEqual({ ok: false, refusal: { code: 'not_owner', ownerId: 'U0RETRY3' } });
    expect(await retryAction(deps, 'U0RETRY3', assign.id)).toEqual({ ok: false, refusal: { code: 'action_not_failed' } });
    expect(await retryAction(deps, 'U0RETRY3', '00000000-0000-4000-8000-00000000beef')).toEqual({ ok: false, refusal: { code: 'item_not_found' } });
    expect((await getAction(deps.db, publish.id))?.status).toBe('failed');
    expect(deps.actions.queued).toEqual([]);
  });
});

describe('skipAction', () => {
  it('the owner gives up on the failed action: it is skipped, the rest stands, the card updated', async () => {
    const deps = getDeps();
    const { itemId, assign, publish } = await approvedWithAFailure(deps, 'U0SKIP1');

    expect(await skipAction(deps, 'U0SKIP1', publish.id)).toEqual({ ok: true });

    expect((await actionRows(deps.db, itemId)).map((r) => [r.id, r.status])).toEqual([
      [assign.id, 'succeeded'],
      [publish.id, 'skipped'],
    ]);
    expect(deps.slack.callsTo('update')).toHaveLength(1);
    // Skipped is final: neither skipped again nor retried.
    expect(await skipAction(deps, 'U0SKIP1', publish.id)).toEqual({ ok: false, refusal: { code: 'action_not_failed' } });
    expect(await retryAction(deps, 'U0SKIP1', publish.id)).toEqual({ ok: false, refusal: { code: 'action_not_failed' } });
  });

  it('someone else cannot skip it', async () => {
    const deps = getDeps();
    const { publish } = await approvedWithAFailure(deps, 'U0SKIP2');
    expect(await skipAction(deps, 'U0SOMEONE', publish.id)).toEqual({ ok: false, refusal: { code: 'not_owner', ownerId: 'U0SKIP2' } });
    expect((await getAction(deps.db, publish.id))?.status).toBe('failed');
  });
});
