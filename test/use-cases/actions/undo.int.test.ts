import { describe, expect, it } from 'vitest';
import { agentTrust } from '../../../db/schema';
import { parsePosted } from '../../../src/domain/action-result';
import { actOnItem } from '../../../src/use-cases/act-on-item';
import { runAction } from '../../../src/use-cases/actions/run';
import { undoActions } from '../../../src/use-cases/actions/undo';
import { buildActionItem, buildResearch } from '../../specs/builders';
import { useFakeDeps, type FakeDeps } from '../../support/fake-deps';
import { actionRows, itemRow, LEASE, ranToReview } from '../../support/use-case-steps';

const getDeps = useFakeDeps();

/**
 * An agent at the act level approved its own artifact: it posted to C0PUB and DMed Ana.
 * Returns the item and where each action posted.
 */
async function actedWithoutAsking(deps: FakeDeps, userId: string) {
  await deps.db.insert(agentTrust).values({ userId, agent: 'research', level: 'act', streak: 5, approvals: 5 });
  deps.slack.directory = [{ id: 'U0ANA', name: 'ana', displayName: 'Ana', realName: 'Ana Silva' }];
  const artifact = buildResearch({ action_items: [buildActionItem({ owner: 'Ana' })] });
  const acting = await ranToReview(deps, { userId, publishChannelId: 'C0PUB' }, artifact);
  expect(acting).toMatchObject({ status: 'acting', autoApproved: true });
  for (const run of deps.actions.queued.splice(0)) expect(await runAction(deps, run, LEASE)).toBe('succeeded');
  const item = await itemRow(deps.db, acting.id);
  expect(item.status).toBe('completed');
  const [assign, publish] = await actionRows(deps.db, item.id);
  deps.slack.calls.length = 0;
  deps.home.refreshed.length = 0;
  return { item, assign: assign!, publish: publish!, dm: parsePosted(assign!.result)!, post: parsePosted(publish!.result)! };
}

describe('undoActions', () => {
  it('deletes every message the version posted, and its rows are undone (approvable again)', async () => {
    const deps = getDeps();
    const { item, dm, post } = await actedWithoutAsking(deps, 'U0UNDO1');

    expect(await undoActions(deps, item)).toEqual([]);

    expect(deps.slack.callsTo('delete').map((d) => ({ channel: d.at.channel, ts: d.at.ts }))).toEqual([
      { channel: dm.channel, ts: dm.ts },
      { channel: post.channel, ts: post.ts },
    ]);
    expect((await actionRows(deps.db, item.id)).map((r) => [r.key, r.status])).toEqual([
      ['assign:U0ANA', 'undone'],
      ['publish:C0PUB', 'undone'],
    ]);
    expect(deps.home.refreshed).toEqual(['U0ANA']); // Ana's Home no longer lists the item
  });

  it('a message already gone (message_not_found) counts as deleted', async () => {
    const deps = getDeps();
    const { item, post } = await actedWithoutAsking(deps, 'U0UNDO2');
    deps.slack.failNext('delete', 'message_not_found', { when: (c) => c.at.channel === post.channel });

    expect(await undoActions(deps, item)).toEqual([]);

    expect((await actionRows(deps.db, item.id)).map((r) => r.status)).toEqual(['undone', 'undone']);
  });

  it('what Slack will not delete is reported as a problem and stays recorded as posted', async () => {
    const deps = getDeps();
    const { item, publish, post } = await actedWithoutAsking(deps, 'U0UNDO3');
    deps.slack.failNext('delete', 'cant_delete_message', { when: (c) => c.at.channel === post.channel });

    expect(await undoActions(deps, item)).toEqual([{ params: publish.params, code: 'cant_delete_message' }]);

    expect((await actionRows(deps.db, item.id)).map((r) => [r.key, r.status])).toEqual([
      ['assign:U0ANA', 'undone'],
      ['publish:C0PUB', 'succeeded'],
    ]);
    expect(deps.logger.at('warn').join('\n')).toContain('cant_delete_message');
  });

  it('Slack unreachable is a problem too, with no code (the message words it)', async () => {
    const deps = getDeps();
    const { item, assign } = await actedWithoutAsking(deps, 'U0UNDO4');
    deps.slack.failNext('delete', new Error('socket hang up'), { when: (c) => c.at.channel === 'U0ANA' });

    expect(await undoActions(deps, item)).toEqual([{ params: assign.params, code: null }]);
    expect(deps.home.refreshed).toEqual([]); // Ana still has her DM
  });

  it('through the Undo command: the item is back for review and the person hears what could not be deleted', async () => {
    const deps = getDeps();
    const { item, publish, post } = await actedWithoutAsking(deps, 'U0UNDO5');
    deps.slack.failNext('delete', 'cant_delete_message', { when: (c) => c.at.channel === post.channel });

    const result = await actOnItem(deps, item.id, { type: 'undo', actor: 'U0UNDO5', windowMs: deps.config.trust.undoWindowMs });

    expect(result).toMatchObject({ ok: true, row: { status: 'awaiting_review', currentVersion: 1 }, undoProblems: [{ params: publish.params, code: 'cant_delete_message' }] });
    expect(deps.slack.callsTo('update')).toHaveLength(1); // the card shows the version for review again
  });
});
