import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { artifacts, auditEvents, workItems } from '../../db/schema';
import { RUN_AGENT_JOB } from '../../src/jobs/run-agent-job';
import { insertWorkItem } from '../../src/repositories/work-items';
import { insertArtifact } from '../../src/repositories/artifacts';
import { upsertPerson } from '../../src/repositories/people';
import { buildResearch } from '../specs/builders';
import { violationsIn } from '../support/block-kit-limits';
import { eventually, itemRow, validArtifactFor } from '../support/scenario';
import { startTestApp, type TestApp } from '../support/test-app';

/** Short leases so a dead worker's run is taken over in about a second. */
const JOBS = { leaseMs: 1_500, heartbeatMs: 300, repairEveryMs: 1_000 };
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ jobs: JOBS, env: { OPENAI_TIMEOUT_MS: '60000' } });
});
afterAll(() => t?.stop());
afterEach(() => {
  expect(violationsIn(t.slack.calls)).toEqual([]);
  t.openai.reset();
});

async function newItem(user: string, channel: string) {
  const db = t.delegate.database.db;
  await upsertPerson(db, user, 'T0001');
  const item = await insertWorkItem(db, { ownerId: user, teamId: 'T0001', agent: 'research', instructions: 'compare queues', source: 'command', channelId: channel });
  if (!item) throw new Error('insert failed');
  return item;
}

/** As a worker that was killed mid-run leaves it: running, claimed an hour ago, never renewed. */
async function abandon(itemId: string) {
  await t.delegate.database.db
    .update(workItems)
    .set({ status: 'running', claimedRunSeq: 1, claimedAt: sql`now() - interval '1 hour'`, updatedAt: sql`now() - interval '1 hour'` })
    .where(eq(workItems.id, itemId));
}

const contextTexts = (blocks: any[]) => blocks.filter((b) => b.type === 'context').flatMap((b) => b.elements.map((e: any) => e.text)).join('\n');

describe('leases: a dead worker’s run is taken over, a live one is left alone', () => {
  it('the repair sweep takes over a run whose worker died; its card and the audit trail say so', async () => {
    t.openai.setDefault(validArtifactFor);
    const item = await newItem('U0LEASE1', 'C0LEASE1');
    await abandon(item.id);
    const card = await t.slack.waitFor('chat.postMessage', (c) => c.body.channel === 'C0LEASE1', 15_000);
    expect(contextTexts(card.body.blocks)).toContain('resumed after an interruption');
    expect((await itemRow(t, item.id)).status).toBe('awaiting_review');
    const audit = await t.delegate.database.db.select().from(auditEvents).where(eq(auditEvents.workItemId, item.id)).orderBy(asc(auditEvents.id));
    expect(audit.map((a) => a.action)).toContain('resume_run');
    expect(t.openai.requests).toHaveLength(1);
  });

  it('a run whose artifact was stored before its worker died is finished without calling the model again', async () => {
    // The model would fail every call: the card can only come from the stored artifact.
    t.openai.setDefault({ status: 500 });
    const item = await newItem('U0LEASE2', 'C0LEASE2');
    const stored = buildResearch({ title: 'Stored before the crash' });
    await insertArtifact(t.delegate.database.db, { workItemId: item.id, version: 1, runSeq: 1, specName: 'research', specVersion: 1, content: stored, model: 'test-model' });
    await abandon(item.id);
    const row = await eventually(() => itemRow(t, item.id), (r) => r.status === 'awaiting_review', 15_000);
    expect(row.currentVersion).toBe(1);
    expect(t.openai.requests).toEqual([]);
    expect(await t.delegate.database.db.$count(artifacts, eq(artifacts.workItemId, item.id))).toBe(1);
    const card = await t.slack.waitFor('chat.postMessage', (c) => c.body.channel === 'C0LEASE2');
    expect(JSON.stringify(card.body.blocks)).toContain('Stored before the crash');
  });

  it('a live worker renews its claim during a long model call, so a duplicate job does not call the model again', async () => {
    let answer!: () => void;
    const released = new Promise<void>((r) => (answer = r));
    t.openai.setDefault({ until: released, then: validArtifactFor });
    const item = await newItem('U0LEASE3', 'C0LEASE3');
    await t.delegate.deps.runs.enqueueRun({ workItemId: item.id, runSeq: 1 });
    await t.openai.waitForRequests(1);
    const claimedAt = (await itemRow(t, item.id)).claimedAt!.getTime();
    // Renewed past the lease while the model call is still in flight.
    await eventually(() => itemRow(t, item.id), (r) => r.claimedAt!.getTime() > claimedAt + JOBS.leaseMs, 10_000);

    // A second job for the same run (Agenda's unique() is not atomic, so two can exist) finds the claim held, and ends.
    const duplicateDone = new Promise<void>((resolve) => {
      const onComplete = (job: { attrs: { name: string; data: unknown } }) => {
        if (job.attrs.name !== RUN_AGENT_JOB || (job.attrs.data as { workItemId?: string }).workItemId !== item.id) return;
        t.delegate.agenda.off('complete', onComplete);
        resolve();
      };
      t.delegate.agenda.on('complete', onComplete);
    });
    await t.delegate.agenda.now(RUN_AGENT_JOB, { workItemId: item.id, runSeq: 1 });
    await duplicateDone;
    expect(t.openai.requests).toHaveLength(1);

    answer();
    const card = await t.slack.waitFor('chat.postMessage', (c) => c.body.channel === 'C0LEASE3');
    expect(contextTexts(card.body.blocks)).not.toContain('resumed');
    expect(t.openai.requests).toHaveLength(1);
    const audit = await t.delegate.database.db.select().from(auditEvents).where(eq(auditEvents.workItemId, item.id));
    expect(audit.map((a) => a.action)).not.toContain('resume_run');
  });
});
