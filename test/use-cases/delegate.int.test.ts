import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, people, workItems } from '../../db/schema';
import { setWipLimit } from '../../src/repositories/people';
import { delegate } from '../../src/use-cases/delegate';
import { ACTIONS } from '../../src/views/slack-ids';
import { useFakeDeps } from '../support/fake-deps';
import { auditTrail, delegated, itemRow, request } from '../support/use-case-steps';

const getDeps = useFakeDeps();
const countOf = async (userId: string) => getDeps().db.$count(workItems, eq(workItems.ownerId, userId));

describe('delegate: admission under the WIP limit', () => {
  it('accepts a request: the item is queued with its audit row, its run is queued, Home refreshed', async () => {
    const deps = getDeps();
    const result = await delegate(deps, request({ userId: 'U0ACCEPT', instructions: 'compare queues', publishChannelId: 'C0PUB' }));

    expect(result).toMatchObject({ kind: 'accepted', open: 1, limit: 5 });
    if (result.kind !== 'accepted') return;
    expect(await itemRow(deps.db, result.item.id)).toMatchObject({
      ownerId: 'U0ACCEPT',
      agent: 'research',
      instructions: 'compare queues',
      channelId: 'C0WORK',
      publishChannelId: 'C0PUB',
      status: 'queued',
      runSeq: 1,
    });
    const [audit] = await deps.db.select().from(auditEvents).where(eq(auditEvents.workItemId, result.item.id));
    expect(audit).toMatchObject({ actor: 'U0ACCEPT', action: 'delegate', fromStatus: null, toStatus: 'queued', detail: { agent: 'research', source: 'command' } });
    expect(deps.runs.queued).toEqual([{ workItemId: result.item.id, runSeq: 1 }]);
    expect(deps.home.refreshed).toEqual(['U0ACCEPT']);
  });

  it('on first use reads the person’s time zone from Slack once and starts their digest', async () => {
    const deps = getDeps();
    deps.slack.setUser('U0FIRST', { timeZone: 'Asia/Kolkata' });
    await delegated(deps, { userId: 'U0FIRST' });
    await delegated(deps, { userId: 'U0FIRST', instructions: 'a second one' });

    expect(deps.slack.callsTo('user')).toEqual([{ method: 'user', userId: 'U0FIRST' }]);
    const [person] = await deps.db.select().from(people).where(eq(people.userId, 'U0FIRST'));
    expect(person?.timeZone).toBe('Asia/Kolkata');
    expect(deps.digests.synced.map((p) => [p.userId, p.timeZone])).toEqual([['U0FIRST', 'Asia/Kolkata']]);
  });

  it('a person whose time zone Slack will not say is still admitted (the digest waits)', async () => {
    const deps = getDeps();
    deps.slack.failNext('user', 'user_not_found');
    const result = await delegate(deps, request({ userId: 'U0NOTZ' }));
    expect(result.kind).toBe('accepted');
    expect(deps.digests.synced).toEqual([]);
    expect(deps.logger.at('warn').join('\n')).toContain('Digest set-up for U0NOTZ failed');
  });

  it('at the limit the request is refused, nothing is created, and the oldest open items are listed (five at most)', async () => {
    const deps = getDeps();
    const user = 'U0FULL';
    await setWipLimit(deps.db, user, 'T0001', 6);
    const open = [];
    for (let i = 1; i <= 6; i++) open.push(await delegated(deps, { userId: user, instructions: `item ${i}` }));
    deps.runs.queued.length = 0;

    const result = await delegate(deps, request({ userId: user, instructions: 'one too many' }));

    expect(result).toMatchObject({ kind: 'refused', open: 6, limit: 6 });
    if (result.kind !== 'refused') return;
    expect(result.oldest.map((o) => o.id)).toEqual(open.slice(0, 5).map((o) => o.id));
    expect(result.oldest[0]).toMatchObject({ agent: 'research', instructions: 'item 1', state: { status: 'queued' } });
    expect(await countOf(user)).toBe(6);
    expect(deps.runs.queued).toEqual([]);
  });

  it('the config’s limit applies to someone without their own', async () => {
    const deps = getDeps();
    deps.config.wipLimit = 2;
    await delegated(deps, { userId: 'U0DEFAULT' });
    await delegated(deps, { userId: 'U0DEFAULT' });
    expect(await delegate(deps, request({ userId: 'U0DEFAULT' }))).toMatchObject({ kind: 'refused', open: 2, limit: 2 });
  });

  it('"Run anyway" admits one past the limit, and the audit says it was an override', async () => {
    const deps = getDeps();
    const user = 'U0ANYWAY';
    await setWipLimit(deps.db, user, 'T0001', 1);
    await delegated(deps, { userId: user });

    const result = await delegate(deps, request({ userId: user, overrideLimit: true }));

    expect(result).toMatchObject({ kind: 'accepted', open: 2, limit: 1 });
    if (result.kind !== 'accepted') return;
    const [audit] = await deps.db.select().from(auditEvents).where(eq(auditEvents.workItemId, result.item.id));
    expect(audit?.detail).toMatchObject({ overrideLimit: true });
    expect(deps.runs.queued.map((r) => r.workItemId)).toContain(result.item.id);
  });

  it('a re-delivered request (same source ref) is a duplicate: one item, one run', async () => {
    const deps = getDeps();
    const first = await delegate(deps, request({ userId: 'U0DUP', source: 'dm', channelId: 'D0DUP', sourceRef: 'D0DUP:1700000000.000200' }));
    const again = await delegate(deps, request({ userId: 'U0DUP', source: 'dm', channelId: 'D0DUP', sourceRef: 'D0DUP:1700000000.000200' }));

    expect(first.kind).toBe('accepted');
    expect(again).toEqual({ kind: 'duplicate' });
    expect(await countOf('U0DUP')).toBe(1);
    expect(deps.runs.queued).toHaveLength(1);
  });

  it('the same schedule slot twice is a duplicate', async () => {
    const deps = getDeps();
    const slot = { scheduleId: '00000000-0000-4000-8000-000000000001', scheduledFor: new Date('2026-03-02T07:00:00Z'), source: 'schedule' as const };
    expect((await delegate(deps, request({ userId: 'U0SLOT', ...slot }))).kind).toBe('accepted');
    expect(await delegate(deps, request({ userId: 'U0SLOT', ...slot }))).toEqual({ kind: 'duplicate' });
    expect(await countOf('U0SLOT')).toBe(1);
  });

  it('when the run cannot be queued, the item fails visibly with Retry rather than hanging', async () => {
    const deps = getDeps();
    deps.runs.failNext(new Error('agenda unavailable'));

    await expect(delegate(deps, request({ userId: 'U0NOQUEUE', channelId: 'C0NOQ' }))).rejects.toThrow('agenda unavailable');

    const [row] = await deps.db.select().from(workItems).where(eq(workItems.ownerId, 'U0NOQUEUE'));
    expect(row).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('did not accept the run') });
    expect(await auditTrail(deps.db, row!.id)).toEqual(['delegate:∅→queued', 'enqueue_failed:queued→failed']);
    const [card] = deps.slack.callsTo('post');
    expect(card?.channel).toBe('C0NOQ');
    expect(JSON.stringify(card?.message.blocks)).toContain(ACTIONS.retry);
    expect(row?.cardTs).not.toBeNull();
  });
});
