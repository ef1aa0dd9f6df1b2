import { sql } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { actOnItem } from '../../../src/use-cases/act-on-item';
import { choosePublishChannel, selectActions } from '../../../src/use-cases/actions/choose';
import { buildActionItem, buildResearch } from '../../specs/builders';
import { useFakeDeps, type FakeDeps } from '../../support/fake-deps';
import { eventually } from '../../support/scenario';
import { actionRows, itemRow, ranToReview } from '../../support/use-case-steps';

const getDeps = useFakeDeps();

/** An item in review whose plan publishes to C0PUB and DMs Ana and Lee. */
async function inReview(deps: FakeDeps, userId: string) {
  deps.slack.directory = [
    { id: 'U0ANA', name: 'ana', displayName: 'Ana', realName: 'Ana Silva' },
    { id: 'U0LEE', name: 'lee', displayName: 'Lee', realName: 'Lee Chan' },
  ];
  const artifact = buildResearch({ action_items: [buildActionItem({ owner: 'Ana' }), buildActionItem({ owner: 'Lee' })] });
  const row = await ranToReview(deps, { userId, publishChannelId: 'C0PUB' }, artifact);
  const rows = await actionRows(deps.db, row.id);
  expect(rows.map((r) => r.key)).toEqual(['assign:U0ANA', 'assign:U0LEE', 'publish:C0PUB']);
  deps.slack.calls.length = 0;
  return { row, rows };
}

const selection = async (deps: FakeDeps, itemId: string) => (await actionRows(deps.db, itemId)).map((r) => [r.key, r.selected]);

describe('selectActions', () => {
  it('the owner unticks an action: only that row changes, and the card is updated', async () => {
    const deps = getDeps();
    const { row, rows } = await inReview(deps, 'U0SEL1');

    const result = await selectActions(deps, 'U0SEL1', { itemId: row.id, version: 1, chunk: 0 }, [rows[0]!.id, rows[2]!.id]);

    expect(result).toEqual({ ok: true });
    expect(await selection(deps, row.id)).toEqual([
      ['assign:U0ANA', true],
      ['assign:U0LEE', false],
      ['publish:C0PUB', true],
    ]);
    expect(deps.slack.callsTo('update').map((u) => u.at)).toEqual([{ channel: 'C0WORK', ts: row.cardTs }]);
  });

  it('someone else is refused with the owner named; nothing changes', async () => {
    const deps = getDeps();
    const { row } = await inReview(deps, 'U0SEL2');

    expect(await selectActions(deps, 'U0INTRUDER', { itemId: row.id, version: 1, chunk: 0 }, [])).toEqual({
      ok: false,
      refusal: { code: 'not_owner', ownerId: 'U0SEL2' },
    });
    expect((await selection(deps, row.id)).every(([, selected]) => selected)).toBe(true);
    expect(deps.slack.calls).toEqual([]);
  });

  it('only the version under review: an older version, or the plan after approval, is closed', async () => {
    const deps = getDeps();
    const { row } = await inReview(deps, 'U0SEL3');

    expect(await selectActions(deps, 'U0SEL3', { itemId: row.id, version: 2, chunk: 0 }, [])).toEqual({ ok: false, refusal: { code: 'plan_closed' } });
    expect(await actOnItem(deps, row.id, { type: 'approve', actor: 'U0SEL3', version: 1 })).toMatchObject({ ok: true, row: { status: 'acting' } });
    expect(await selectActions(deps, 'U0SEL3', { itemId: row.id, version: 1, chunk: 0 }, [])).toEqual({ ok: false, refusal: { code: 'plan_closed' } });
    expect((await actionRows(deps.db, row.id)).map((r) => [r.status, r.selected])).toEqual([
      ['queued', true],
      ['queued', true],
      ['queued', true],
    ]);
  });

  it('ticks outside the element’s chunk are ignored', async () => {
    const deps = getDeps();
    const { row, rows } = await inReview(deps, 'U0SEL4');
    // Chunk 1 holds rows 10 to 19: none here, so nothing is touched whatever was sent.
    expect(await selectActions(deps, 'U0SEL4', { itemId: row.id, version: 1, chunk: 1 }, [rows[0]!.id])).toEqual({ ok: true });
    expect((await selection(deps, row.id)).every(([, selected]) => selected)).toBe(true);
  });

  it('an unknown item', async () => {
    const deps = getDeps();
    expect(await selectActions(deps, 'U0SEL5', { itemId: '00000000-0000-4000-8000-00000000abcd', version: 1, chunk: 0 }, [])).toEqual({
      ok: false,
      refusal: { code: 'item_not_found' },
    });
  });
});

describe('choosePublishChannel', () => {
  it('the owner picks another channel: the item remembers it, the publish row is replaced, the card updated', async () => {
    const deps = getDeps();
    const { row } = await inReview(deps, 'U0PUB1');

    expect(await choosePublishChannel(deps, 'U0PUB1', { itemId: row.id, version: 1 }, 'C0OTHER')).toEqual({ ok: true });

    expect((await itemRow(deps.db, row.id)).publishChannelId).toBe('C0OTHER');
    expect((await actionRows(deps.db, row.id)).map((r) => r.key)).toEqual(['assign:U0ANA', 'assign:U0LEE', 'publish:C0OTHER']);
    expect(deps.slack.callsTo('update')).toHaveLength(1);
    expect(deps.slack.callsTo('members')).toEqual([]); // the assignments are kept, not planned again
  });

  it('someone else, or another version, changes nothing', async () => {
    const deps = getDeps();
    const { row } = await inReview(deps, 'U0PUB2');

    expect(await choosePublishChannel(deps, 'U0OTHER', { itemId: row.id, version: 1 }, 'C0OTHER')).toEqual({
      ok: false,
      refusal: { code: 'not_owner', ownerId: 'U0PUB2' },
    });
    expect(await choosePublishChannel(deps, 'U0PUB2', { itemId: row.id, version: 3 }, 'C0OTHER')).toEqual({ ok: false, refusal: { code: 'plan_closed' } });
    expect((await itemRow(deps.db, row.id)).publishChannelId).toBe('C0PUB');
    expect((await actionRows(deps.db, row.id)).map((r) => r.key)).toContain('publish:C0PUB');
    expect(deps.slack.calls).toEqual([]);
  });

  // Three connections wait on one row here: the machine's PostgreSQL, not the embedded single-connection PGlite.
  it.runIf(inject('pgAdminUrl') !== null)('an approval that commits while the channel is being changed comes first: the change is refused, nothing is left planned', async () => {
    const deps = getDeps();
    const { row } = await inReview(deps, 'U0PUB4');
    const waiting = (n: number) =>
      eventually(
        async () => (await deps.db.execute<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).rows[0]!.n,
        (waiters) => waiters >= n,
      );
    // A transaction holds the item's row, so both the approval and the change queue behind it, in that order.
    let release!: () => void;
    let holding!: () => void;
    const held = new Promise<void>((r) => (holding = r));
    const holder = deps.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 from work_items where id = ${row.id} for update`);
      holding();
      await new Promise<void>((r) => (release = r));
    });
    await held;
    const approval = actOnItem(deps, row.id, { type: 'approve', actor: 'U0PUB4', version: 1 });
    await waiting(1);
    const change = choosePublishChannel(deps, 'U0PUB4', { itemId: row.id, version: 1 }, 'C0OTHER');
    await waiting(2);
    release();
    await holder;

    expect(await approval).toMatchObject({ ok: true, row: { status: 'acting' } });
    expect(await change).toEqual({ ok: false, refusal: { code: 'plan_closed' } });
    expect((await itemRow(deps.db, row.id)).publishChannelId).toBe('C0PUB');
    const after = await actionRows(deps.db, row.id);
    expect(after.map((r) => r.key)).toEqual(['assign:U0ANA', 'assign:U0LEE', 'publish:C0PUB']);
    expect(after.filter((r) => r.status === 'planned')).toEqual([]); // a planned row on an approved version would never finish
  });
});
