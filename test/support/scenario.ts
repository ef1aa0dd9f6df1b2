import { expect } from 'vitest';
import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import { workItems } from '../../db/schema';
import { decodeJson, itemRef, type ItemRef } from '../../src/views/slack-ids';
import { buildChannelDigest, buildPrReview, buildPrSummary, buildResearch, buildSummarize, buildTechDebt, buildTriage } from '../specs/builders';
import type { Reply } from './fake-openai';
import type { SlackCall } from './fake-slack';
import { buildBlockAction, buildViewSubmission, sendCommand, sendInteraction } from './slack-requests';
import type { TestApp } from './test-app';

export const OWNER = 'U0OWNER';
export const CHANNEL = 'C0CHAN';

/** A model that answers every spec with a valid artifact (by the schema name it was sent). */
export const validArtifactFor: Reply = (req) => {
  const name: string = req.body.response_format?.json_schema?.name ?? '';
  const artifact = name === 'triage' ? buildTriage() : name === 'summarize' ? buildSummarize() : name === 'channel-digest' ? buildChannelDigest() : name === 'pr-review' ? buildPrReview() : name === 'pr-summary' ? buildPrSummary() : name === 'tech-debt' ? buildTechDebt() : buildResearch();
  return { json: artifact };
};

/** What the latest model request was given as gathered data (the fenced blocks the eyes read). */
export const gatheredText = (t: TestApp) =>
  t.openai.requests.at(-1)!.body.messages.find((m: { role: string; content: string }) => m.role === 'user' && m.content.startsWith('What was gathered'))?.content as string;

let commandSeq = 0;

/** Sends `/delegate <text>`; `reply()` waits for the answer to this very command (its own response_url). */
export async function delegateCommand(t: TestApp, text: string, user = OWNER, channel = CHANNEL) {
  const id = `cmd-${++commandSeq}`;
  const res = await sendCommand(t.target, { text, user_id: user, channel_id: channel, response_url: t.slack.responseUrl(id) });
  expect(res.status).toBe(200);
  return { res, reply: () => t.slack.waitFor('response_url', (c) => c.responseId === id, 15_000) };
}

/** Buttons on a posted or updated card. */
export function buttonsOf(call: SlackCall): Array<{ action_id: string; value: string; text: string }> {
  const blocks: any[] = call.body.blocks ?? [];
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements)
    .filter((e: any) => e.type === 'button')
    .map((e: any) => ({ action_id: e.action_id, value: e.value, text: e.text.text }));
}

export function refOf(call: SlackCall, actionId: string): ItemRef {
  const button = buttonsOf(call).find((b) => b.action_id === actionId);
  if (!button) throw new Error(`No ${actionId} button on ${call.method}: ${JSON.stringify(buttonsOf(call))}`);
  return decodeJson(itemRef, button.value)!;
}

export const isCard = (c: SlackCall) => buttonsOf(c).length > 0 || /Approved|Rejected|Cancelled|failed/.test(c.body.text ?? '');

/**
 * A card as Slack received it, once the app has also recorded where it lives: the fake
 * records a post on arrival, before the app stores the card's ts, and a click in between
 * would find no card to update (a person cannot click that fast; a test can).
 */
export async function waitForCard(t: TestApp, predicate: (c: SlackCall) => boolean = () => true, method = 'chat.postMessage') {
  const card = await t.slack.waitFor(method, (c) => Array.isArray(c.body.blocks) && buttonsOf(c).length > 0 && predicate(c), 15_000);
  const itemId = itemIdOf(card);
  if (itemId) await eventually(() => itemRow(t, itemId), (r) => r.cardTs !== null, 15_000);
  return card;
}

function itemIdOf(call: SlackCall): string | undefined {
  for (const b of buttonsOf(call)) {
    const ref = decodeJson(itemRef, b.value);
    if (ref) return ref.itemId;
  }
  return undefined;
}

export async function click(t: TestApp, actionId: string, ref: ItemRef, user = OWNER, messageTs = '1700000000.000100') {
  const res = await sendInteraction(
    t.target,
    buildBlockAction({ userId: user, actionId, value: JSON.stringify(ref), channelId: CHANNEL, messageTs, responseUrl: t.slack.responseUrl() }),
  );
  expect(res.status).toBe(200);
  return res;
}

export async function submitView(t: TestApp, callbackId: string, privateMetadata: string, values: Record<string, Record<string, object>>, user = OWNER) {
  return sendInteraction(t.target, buildViewSubmission({ userId: user, callbackId, privateMetadata, values }));
}

export async function itemRow(t: TestApp, id: string) {
  const [row] = await t.delegate.database.db.select().from(workItems).where(eq(workItems.id, id));
  return row!;
}

export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await fn();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`Condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await fn();
  }
  return last;
}

/** Agenda's rows for the jobs named `name` whose data contains `data` (e.g. one run's job), oldest first. */
export function jobRows(t: TestApp, name: string, data: Record<string, unknown>) {
  return jobsWhere(t, sql`name = ${name} and data @> ${JSON.stringify(data)}::jsonb`);
}

async function jobsWhere(t: TestApp, where: SQL) {
  const { rows } = await t.delegate.database.db.execute<{ due: boolean; locked: boolean; finished_ms: number | null; fail_reason: string | null }>(sql`
    select next_run_at is not null as due, locked_at is not null as locked,
           (extract(epoch from last_finished_at) * 1000)::float8 as finished_ms, fail_reason
    from agenda_jobs where ${where} order by created_at`);
  return rows.map((r) => ({ due: r.due, locked: r.locked, finishedAt: r.finished_ms === null ? null : new Date(r.finished_ms), failReason: r.fail_reason }));
}

/** Runs a one-off job now, as Agenda does when one is due, and waits until it has run to its end. */
export async function runJobNow(t: TestApp, name: string, data?: Record<string, unknown>) {
  const job = await t.delegate.agenda.now(name, data);
  const id = String(job.attrs._id);
  return eventually(() => jobsWhere(t, sql`id = ${id}`), ([row]) => row !== undefined && row.finishedAt !== null && !row.due && !row.locked, 15_000);
}

/**
 * Jobs the app has yet to finish: one-off jobs with a run to come (agent runs, actions, Home
 * publishes, their retries) and any job being run. Repeating jobs (digests, schedules, the
 * repair sweep) always have a next run, so they count only while one runs.
 */
export async function jobsInHand(t: TestApp) {
  const { rows } = await t.delegate.database.db.execute<{ name: string; data: unknown; next_run_at: string | null; locked_at: string | null }>(sql`
    select name, data, next_run_at, locked_at from agenda_jobs
    where not disabled and (locked_at is not null or (next_run_at is not null and repeat_interval is null and repeat_at is null))`);
  return rows;
}

/**
 * Waits until the app has nothing in hand: no job due or running in its table, and, in the
 * process, no listener still working after its ack, no job running and no Home refresh being
 * queued — with nothing in the process starting or ending while the table was read (so work
 * that was about to queue a job cannot slip between the two looks).
 */
export async function quiet(t: TestApp, timeoutMs = 20_000) {
  const look = async () => {
    const before = t.delegate.activity.snapshot();
    const jobs = await jobsInHand(t);
    const after = t.delegate.activity.snapshot();
    return { before, after, jobs };
  };
  await eventually(look, ({ before, after, jobs }) => before.busy === 0 && after.busy === 0 && before.begun === after.begun && jobs.length === 0, timeoutMs);
}

/**
 * Lets the app finish what earlier steps started (agent runs, their cards, Home refreshes),
 * so one test's late Slack calls never land in the next test's expectations. An item still
 * queued or running after the wait is a failure, not something to carry into the next test.
 */
export async function settle(t: TestApp) {
  const runnable = async () =>
    t.delegate.database.db.$count(workItems, inArray(workItems.status, ['queued', 'running', 'refining']));
  await eventually(runnable, (n) => n === 0, 20_000);
  await quiet(t);
}
