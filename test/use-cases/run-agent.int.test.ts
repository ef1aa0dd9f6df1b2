import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rejectedOutputs } from '../../db/schema';
import type { Schedule } from '../../src/domain/cadence';
import { getSchedule } from '../../src/repositories/schedules';
import { listArtifacts } from '../../src/repositories/artifacts';
import { actOnItem } from '../../src/use-cases/act-on-item';
import { runAgent } from '../../src/use-cases/run-agent';
import { createSchedule } from '../../src/use-cases/schedules';
import { ACTIONS } from '../../src/views/slack-ids';
import { buildResearch } from '../specs/builders';
import { useFakeDeps } from '../support/fake-deps';
import { auditTrail, delegated, itemRow, LEASE, ranToReview, textOf } from '../support/use-case-steps';

const getDeps = useFakeDeps();

describe('runAgent', () => {
  it('the model’s answer becomes version 1, the item waits for review, and its card is posted', async () => {
    const deps = getDeps();
    const artifact = buildResearch({ title: 'Queues compared', action_items: [] });
    deps.model.answers(artifact);
    const item = await delegated(deps, { userId: 'U0RUN1', channelId: 'C0RUN', instructions: 'compare queues' });

    expect(await runAgent(deps, { workItemId: item.id, runSeq: 1 }, LEASE)).toBe('completed');

    expect(deps.model.inputs.map((i) => [i.spec.name, i.instructions, i.previous])).toEqual([['research', 'compare queues', undefined]]);
    const [v1] = await listArtifacts(deps.db, item.id);
    expect(v1).toMatchObject({ version: 1, runSeq: 1, specName: 'research', specVersion: 1, content: artifact, model: 'test-model', repaired: 0 });
    const row = await itemRow(deps.db, item.id);
    expect(row).toMatchObject({ status: 'awaiting_review', currentVersion: 1, cardChannelId: 'C0RUN' });
    expect(await auditTrail(deps.db, item.id)).toEqual(['delegate:∅→queued', 'start_run:queued→running', 'complete_run:running→awaiting_review']);
    const [card] = deps.slack.callsTo('post');
    expect(card?.channel).toBe('C0RUN');
    expect(textOf(card!.message)).toContain('Queues compared');
    expect(textOf(card!.message)).toContain(ACTIONS.approve);
  });

  it('a model failure fails the item visibly: the reason on a card with Retry, rejected outputs kept', async () => {
    const deps = getDeps();
    deps.model.fails('model_output_invalid', 'The output did not match the spec twice.', [
      { attempt: 1, raw: '{"title": 1}', errors: '- title: expected string' },
      { attempt: 2, raw: '{}', errors: '- title: required' },
    ]);
    const item = await delegated(deps, { userId: 'U0RUN2', channelId: 'C0RUN' });

    expect(await runAgent(deps, { workItemId: item.id, runSeq: 1 }, LEASE)).toBe('failed');

    expect(await itemRow(deps.db, item.id)).toMatchObject({ status: 'failed', failureReason: 'The output did not match the spec twice.', currentVersion: 0 });
    expect(await listArtifacts(deps.db, item.id)).toEqual([]);
    const rejected = await deps.db.select().from(rejectedOutputs).where(eq(rejectedOutputs.workItemId, item.id));
    expect(rejected.map((r) => [r.attempt, r.raw]).sort()).toEqual([
      [1, '{"title": 1}'],
      [2, '{}'],
    ]);
    const [card] = deps.slack.callsTo('post');
    expect(textOf(card!.message)).toContain('The output did not match the spec twice.');
    expect(textOf(card!.message)).toContain(ACTIONS.retry);
  });

  it('a model call that throws: the error propagates (the job retries) and the claim is released', async () => {
    const deps = getDeps();
    deps.model.throws(new Error('boom'));
    const item = await delegated(deps, { userId: 'U0RUN3' });

    await expect(runAgent(deps, { workItemId: item.id, runSeq: 1 }, LEASE)).rejects.toThrow('boom');

    expect(await itemRow(deps.db, item.id)).toMatchObject({ status: 'running', claimedRunSeq: null, claimedAt: null });
    expect(deps.slack.callsTo('post')).toEqual([]);
  });

  it('a re-delivered run of a finished item, or a run for another run_seq, does nothing', async () => {
    const deps = getDeps();
    const reviewed = await ranToReview(deps, { userId: 'U0RUN4' });
    const queued = await delegated(deps, { userId: 'U0RUN4', instructions: 'another' });
    deps.model.inputs.length = 0;

    expect(await runAgent(deps, { workItemId: reviewed.id, runSeq: 1 }, LEASE)).toBe('skipped');
    expect(await runAgent(deps, { workItemId: queued.id, runSeq: 7 }, LEASE)).toBe('skipped');

    expect(deps.model.inputs).toEqual([]);
    expect((await itemRow(deps.db, queued.id)).status).toBe('queued');
  });

  it('a refinement sends the previous version and the feedback, and becomes version 2 on the same card', async () => {
    const deps = getDeps();
    const reviewed = await ranToReview(deps, { userId: 'U0RUN5' }, buildResearch({ title: 'First take' }));
    await actOnItem(deps, reviewed.id, { type: 'refine', actor: 'U0RUN5', version: 1, feedback: 'cite sources' });
    const rerun = deps.runs.queued.at(-1)!;
    expect(rerun).toEqual({ workItemId: reviewed.id, runSeq: 2 });
    deps.model.answers(buildResearch({ title: 'Second take' }));

    expect(await runAgent(deps, rerun, LEASE)).toBe('completed');

    expect(deps.model.inputs.at(-1)?.previous).toEqual({ artifact: expect.objectContaining({ title: 'First take' }), feedback: 'cite sources' });
    expect((await listArtifacts(deps.db, reviewed.id)).map((a) => [a.version, a.feedback])).toEqual([
      [1, null],
      [2, 'cite sources'],
    ]);
    expect(await itemRow(deps.db, reviewed.id)).toMatchObject({ status: 'awaiting_review', currentVersion: 2 });
    expect(deps.slack.callsTo('post')).toHaveLength(1);
    expect(textOf(deps.slack.callsTo('update').at(-1)!.message)).toContain('Second take');
  });

  it('a scheduled run whose channel refuses the card: the card reaches the owner, and the schedule is paused', async () => {
    const deps = getDeps();
    const daily: Schedule = { cadence: { kind: 'daily', at: { hour: 7, minute: 0 } }, mode: 'run_at' };
    const { row: schedule } = await createSchedule(deps, { userId: 'U0RUN6', teamId: 'T0001', channelId: 'C0ARCHIVED', agent: 'research', instructions: 'news', schedule: daily });
    const item = await delegated(deps, { userId: 'U0RUN6', channelId: 'C0ARCHIVED', source: 'schedule', scheduleId: schedule.id, scheduledFor: deps.now() });
    deps.slack.failNext('post', 'is_archived', { when: (p) => p.channel === 'C0ARCHIVED' });

    expect(await runAgent(deps, { workItemId: item.id, runSeq: 1 }, LEASE)).toBe('completed');

    expect((await itemRow(deps.db, item.id)).cardChannelId).toBe('U0RUN6');
    expect(await getSchedule(deps.db, schedule.id)).toMatchObject({ state: 'paused', pausedReason: expect.stringContaining('is_archived') });
  });
});
