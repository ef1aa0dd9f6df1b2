import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { violationsIn } from '../support/block-kit-limits';
import { injectionsIn } from '../support/injection-sweep';
import { workItems } from '../../db/schema';
import { insertWorkItem } from '../../src/repositories/work-items';
import { claimRun } from '../../src/repositories/run-claims';
import { upsertPerson } from '../../src/repositories/people';
import { RUN_AGENT_JOB } from '../../src/jobs/run-agent-job';
import { eventually, itemRow, jobRows, quiet, validArtifactFor } from '../support/scenario';
import { startTestApp, type TestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let database: TestDatabase;
let t: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  t = await startTestApp({ database });
});
afterAll(async () => {
  await t?.stop();
  await database?.drop();
});

async function newItem(user: string, instructions: string) {
  const db = t.delegate.database.db;
  await upsertPerson(db, user, 'T0001');
  const item = await insertWorkItem(db, { ownerId: user, teamId: 'T0001', agent: 'research', instructions, source: 'command', channelId: 'C0JOBS' });
  if (!item) throw new Error('insert failed');
  return item;
}

/**
 * Waits until every job of this run has run to its end at or after `since` (none due or
 * running) and the app is quiet: whatever the run would have done, it has done.
 */
async function ranToTheEnd(workItemId: string, runSeq: number, since: Date) {
  await eventually(
    () => jobRows(t, RUN_AGENT_JOB, { workItemId, runSeq }),
    (rows) => rows.length > 0 && rows.every((r) => r.finishedAt !== null && r.finishedAt >= since && !r.locked && !r.due),
  );
  await quiet(t);
}

afterEach(() => {
  expect(violationsIn(t.slack.calls)).toEqual([]);
  expect(injectionsIn(t.slack.calls)).toEqual([]);
});

describe('run-agent job (real Agenda on the app’s database)', () => {
  it('queueing the same run twice runs the model once', async () => {
    t.openai.setDefault(validArtifactFor);
    const item = await newItem('U0JOB1', 'twice');
    const queued = new Date();
    await Promise.all([t.delegate.deps.runs.enqueueRun({ workItemId: item.id, runSeq: 1 }), t.delegate.deps.runs.enqueueRun({ workItemId: item.id, runSeq: 1 })]);
    await eventually(() => itemRow(t, item.id), (r) => r.status === 'awaiting_review');
    await ranToTheEnd(item.id, 1, queued); // a duplicate job, had there been one, has run too
    expect(t.openai.requests).toHaveLength(1);
    t.openai.reset();
  });

  it('a re-delivered run of a finished item does nothing', async () => {
    t.openai.setDefault(validArtifactFor);
    const item = await newItem('U0JOB2', 'redelivered');
    await t.delegate.deps.runs.enqueueRun({ workItemId: item.id, runSeq: 1 });
    await eventually(() => itemRow(t, item.id), (r) => r.status === 'awaiting_review');
    const requests = t.openai.requests.length;
    const redelivered = new Date();
    await t.delegate.deps.runs.enqueueRun({ workItemId: item.id, runSeq: 1 }, { force: true });
    await ranToTheEnd(item.id, 1, redelivered);
    expect(t.openai.requests).toHaveLength(requests);
    expect((await itemRow(t, item.id)).currentVersion).toBe(1);
    t.openai.reset();
  });

  it('a run for a superseded run_seq does nothing', async () => {
    t.openai.setDefault(validArtifactFor);
    const item = await newItem('U0JOB3', 'stale seq');
    const queued = new Date();
    await t.delegate.deps.runs.enqueueRun({ workItemId: item.id, runSeq: 7 });
    await ranToTheEnd(item.id, 7, queued);
    expect(t.openai.requests).toEqual([]);
    expect((await itemRow(t, item.id)).status).toBe('queued');
    t.openai.reset();
  });

  it('a run claimed by a live worker is left alone; an expired claim is taken over', async () => {
    t.openai.setDefault(validArtifactFor);
    const item = await newItem('U0JOB5', 'claimed elsewhere');
    expect(await claimRun(t.delegate.database.db, item.id, 1, 60_000)).toBe(true); // "another worker"
    expect(await claimRun(t.delegate.database.db, item.id, 1, 60_000)).toBe(false);
    const queued = new Date();
    await t.delegate.deps.runs.enqueueRun({ workItemId: item.id, runSeq: 1 });
    await ranToTheEnd(item.id, 1, queued);
    expect(t.openai.requests).toEqual([]);
    await t.delegate.database.db.update(workItems).set({ claimedAt: sql`now() - interval '1 hour'` }).where(eq(workItems.id, item.id));
    expect(await claimRun(t.delegate.database.db, item.id, 1, 60_000)).toBe(true);
    t.openai.reset();
  });

  it('at start-up, runs whose job was lost are queued again', async () => {
    const item = await newItem('U0JOB4', 'stranded by a crash');
    await t.delegate.database.db
      .update(workItems)
      .set({ status: 'running', updatedAt: sql`now() - interval '5 minutes'` })
      .where(eq(workItems.id, item.id));
    await t.stop();
    t = await startTestApp({ database, modelReply: validArtifactFor });
    const row = await eventually(() => itemRow(t, item.id), (r) => r.status === 'awaiting_review', 15_000);
    expect(row.currentVersion).toBe(1);
    await t.slack.waitFor('chat.postMessage', (c) => c.body.channel === 'C0JOBS');
  });
});
