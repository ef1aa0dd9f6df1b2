/**
 * A daily channel digest over 1,000 messages: from the schedule coming due to the card, with
 * an instant model, split at the model request (reading and formatting before it; validating,
 * planning and posting after). The floor is `/delegate research` → card in the same run.
 */
import { eq } from 'drizzle-orm';
import { evidence, schedules } from '../db/schema';
import type { Delegate } from '../src/app';
import { SCHEDULED_RUN_JOB } from '../src/jobs/scheduled-run-job';
import type { FakeOpenAI } from '../test/support/fake-openai';
import type { FakeMessage, FakeSlack } from '../test/support/fake-slack';
import { buildChannelDigest } from '../test/specs/builders';

const ROUNDS = 5;

export async function channelDigestBench(app: Delegate, slack: FakeSlack, openai: FakeOpenAI, command: (text: string, user: string) => Promise<unknown>) {
  const now = Math.floor(Date.now() / 1000);
  const messages: FakeMessage[] = [];
  // 800 messages and 50 threads of 4 replies, all in the last 20 hours: 1,000 to read.
  for (let i = 0; i < 800; i++) {
    const ts = `${now - 72_000 + i * 80}.${String(i).padStart(6, '0')}`;
    const replies = i % 16 === 0 ? Array.from({ length: 4 }, (_, r) => ({ ts: `${now - 72_000 + i * 80 + r + 1}.${String(900_000 + i * 4 + r).padStart(6, '0')}`, user: 'UBENCHB', text: `reply ${r} about item ${i}: ${'words '.repeat(12)}` })) : undefined;
    messages.push({ ts, user: i % 2 ? 'UBENCHA' : 'UBENCHB', text: `message ${i}: ${'the deploy went fine and the queue drained '.repeat(3)}`, ...(replies ? { replies } : {}) });
  }
  slack.addChannel({ id: 'CBENCHDIGEST', name: 'bench', messages });
  slack.setMembers([{ id: 'UBENCHA', name: 'ana', display_name: 'Ana' }, { id: 'UBENCHB', name: 'ben', real_name: 'Ben Bell' }]);

  const toRequest: number[] = [];
  const toCard: number[] = [];
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  for (let round = 0; round < ROUNDS; round++) {
    const user = `UDIGESTER${round}`;
    await command('every weekday 9:00 channel-digest: <#CBENCHDIGEST|bench>', user);
    const [schedule] = await waitFor(() => app.database.db.select().from(schedules).where(eq(schedules.ownerId, user)));
    openai.reset();
    openai.setDefault({ json: buildChannelDigest() });
    slack.reset();
    const due = performance.now();
    const dueAt = Date.now();
    await app.agenda.now(SCHEDULED_RUN_JOB, { scheduleId: schedule!.id });
    await slack.waitFor('chat.postMessage', (c) => JSON.stringify(c.body.blocks ?? '').includes('Looked at'), 60_000);
    toCard.push(performance.now() - due);
    toRequest.push((await openai.waitForRequests(1))[0]!.at - dueAt);
  }
  clearInterval(sampler);
  const [read] = await app.database.db.select().from(evidence).where(eq(evidence.kind, 'slack_channel')).limit(1);
  return { toRequest, toCard, items: read?.items ?? 0, bytes: read?.bytes ?? 0, rssBefore, peakRss, rssAfter: process.memoryUsage().rss };
}

async function waitFor<T extends unknown[]>(read: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rows = await read();
    if (rows.length) return rows;
    if (Date.now() > deadline) throw new Error('the schedule was not created');
    await new Promise((r) => setTimeout(r, 20));
  }
}
