import { LogLevel, type Logger } from '@slack/logger';
import type { HomeView } from '@slack/types';
import { ErrorCode } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { GenerateInput, GenerateResult, ModelClient } from '../../src/agents/model-client';
import { parseConfig, type Config } from '../../src/config/env';
import { openDatabase, type Database } from '../../src/db/database';
import { runMigrations } from '../../src/db/migrate';
import type { DirectoryUser } from '../../src/domain/action-plan';
import type { Directory, Postable, Posted, SlackApi, SlackUser } from '../../src/integrations/slack/slack-api';
import type { ConversationInfo, Failed, SlackMessage } from '../../src/integrations/slack/conversations';
import type { PersonRow } from '../../src/repositories/people';
import type { ScheduleRow } from '../../src/repositories/schedules';
import type { ActionQueue, DigestJobs, Deps, HomeRefresher, RunQueue, ScheduleJobs } from '../../src/use-cases/deps';
import type { Message } from '../../src/views/kit';
import { buildResearch, buildSpecCoach, buildSummarize, buildTriage } from '../specs/builders';
import { blockKitViolations } from './block-kit-limits';
import { injectionsInBody } from './injection-sweep';
import { createTestDatabase, type TestDatabase } from './test-database';

/**
 * Plain fakes for every dependency a use case takes except the database, which is real
 * (a scratch database per test file, migrated). Each fake records what it was asked and can
 * be told to fail; nothing runs in the background, so a use case is simply awaited.
 */

/** An error as @slack/web-api throws it when Slack answers `{ ok: false, error: code }`. */
export function platformError(code: string): Error & { code: ErrorCode.PlatformError; data: { ok: false; error: string } } {
  return Object.assign(new Error(`An API error occurred: ${code}`), { code: ErrorCode.PlatformError as const, data: { ok: false as const, error: code } });
}

// ---------------------------------------------------------------------------------------------
// Slack

export type SlackCall =
  | { method: 'post'; channel: string; message: Postable; threadTs?: string }
  | { method: 'update'; at: Posted; message: Message }
  | { method: 'delete'; at: Posted }
  | { method: 'permalink'; at: Posted }
  | { method: 'tell'; to: { userId: string; channelId?: string }; message: Message }
  | { method: 'publishHome'; userId: string; view: HomeView }
  | { method: 'user'; userId: string }
  | { method: 'members' }
  | { method: 'conversation' | 'history' | 'replies'; channelId: string }
  | { method: 'isMember'; channelId: string; userId: string };
export type SlackMethod = SlackCall['method'];
/** A recorded call: `failed` holds the error it was answered with (it took no effect). */
export type Recorded<M extends SlackMethod = SlackMethod> = Extract<SlackCall, { method: M }> & { failed?: string };

interface Failure {
  error: Error;
  when: (call: SlackCall) => boolean;
}

/** Message timestamps, unique across fakes: a test file's items share one database. */
let postSeq = 0;

/** The fake workspace's permalinks (the injection sweep accepts links into the workspace). */
export const WORKSPACE_URL = 'https://example.slack.com';

/** The Slack Web API as the use cases see it (SlackApi), recording every call in `calls`. */
export class FakeSlackApi implements SlackApi {
  readonly calls: Recorded[] = [];
  /** The workspace's members, as `members()` returns them. */
  directory: DirectoryUser[] = [];
  private readonly users = new Map<string, Partial<SlackUser>>();
  private failures: Failure[] = [];

  /**
   * The next `times` calls to `method` (those matching `when`) fail: with Slack's platform error
   * for a code (`not_in_channel`), or with the given Error (a network failure). `members` does not
   * throw: like the real one, it answers `{ ok: false, code }`.
   */
  failNext<M extends SlackMethod>(method: M, error: string | Error, opts: { times?: number; when?: (call: Recorded<M>) => boolean } = {}): void {
    const err = typeof error === 'string' ? platformError(error) : error;
    const when = (call: SlackCall) => call.method === method && (opts.when?.(call as Recorded<M>) ?? true);
    for (let i = 0; i < (opts.times ?? 1); i++) this.failures.push({ error: err, when });
  }

  setUser(userId: string, user: Partial<SlackUser>): void {
    this.users.set(userId, user);
  }

  callsTo<M extends SlackMethod>(method: M): Array<Recorded<M>> {
    return this.calls.filter((c): c is Recorded<M> => c.method === method);
  }

  /** Calls that took effect (not answered with a failure). */
  done<M extends SlackMethod>(method: M): Array<Recorded<M>> {
    return this.callsTo(method).filter((c) => !c.failed);
  }

  /** Records the call; throws the first scripted failure that matches it. */
  private record(call: SlackCall): void {
    const i = this.failures.findIndex((f) => f.when(call));
    const failure = i >= 0 ? this.failures.splice(i, 1)[0] : undefined;
    this.calls.push(failure ? { ...call, failed: codeOf(failure.error) } : call);
    if (failure) throw failure.error;
  }

  async post(channel: string, message: Postable, opts: { threadTs?: string } = {}): Promise<Posted> {
    this.record({ method: 'post', channel, message, ...(opts.threadTs ? { threadTs: opts.threadTs } : {}) });
    return { channel, ts: `${1_700_000_000 + ++postSeq}.000100` };
  }
  async update(at: Posted, message: Message): Promise<void> {
    this.record({ method: 'update', at, message });
  }
  async delete(at: Posted): Promise<void> {
    this.record({ method: 'delete', at });
  }
  async permalink(at: Posted): Promise<string | undefined> {
    try {
      this.record({ method: 'permalink', at });
    } catch {
      return undefined; // a link is a nicety (as in slackApi)
    }
    return `${WORKSPACE_URL}/archives/${at.channel}/p${at.ts.replace('.', '')}`;
  }
  async tell(to: { userId: string; channelId?: string }, message: Message): Promise<void> {
    this.record({ method: 'tell', to, message });
  }
  async publishHome(userId: string, view: HomeView): Promise<void> {
    this.record({ method: 'publishHome', userId, view });
  }
  async user(userId: string): Promise<SlackUser> {
    this.record({ method: 'user', userId });
    return { timeZone: 'UTC', deleted: false, admin: false, guest: false, ...this.users.get(userId) };
  }
  async members(): Promise<Directory> {
    try {
      this.record({ method: 'members' });
    } catch (error) {
      return { ok: false, code: codeOf(error) };
    }
    return { ok: true, users: [...this.directory] };
  }

  /** Conversations Slack eyes can read: info, members, messages (newest first) and threads. */
  readonly conversations = new Map<string, { info: ConversationInfo; members: string[]; messages: SlackMessage[]; threads: Record<string, SlackMessage[]> }>();

  async workspaceUrl(): Promise<string> {
    return `${WORKSPACE_URL}/`;
  }
  async conversation(channelId: string): Promise<{ ok: true; info: ConversationInfo } | Failed> {
    const failed = this.refused({ method: 'conversation', channelId });
    if (failed) return failed;
    const c = this.conversations.get(channelId);
    return c ? { ok: true, info: c.info } : { ok: false, code: 'channel_not_found' };
  }
  async isMember(channelId: string, userId: string): Promise<boolean | Failed> {
    return this.refused({ method: 'isMember', channelId, userId }) ?? (this.conversations.get(channelId)?.members.includes(userId) ?? false);
  }
  async history(channelId: string, oldest: string, cap: number) {
    const failed = this.refused({ method: 'history', channelId });
    if (failed) return failed;
    const all = (this.conversations.get(channelId)?.messages ?? []).filter((m) => Number(m.ts) > Number(oldest));
    return { ok: true as const, messages: all.slice(0, cap), truncated: all.length > cap };
  }
  async replies(channelId: string, ts: string, cap: number) {
    const failed = this.refused({ method: 'replies', channelId });
    if (failed) return failed;
    const thread = this.conversations.get(channelId)?.threads[ts];
    if (!thread) return { ok: false as const, code: 'thread_not_found' };
    return { ok: true as const, messages: thread.slice(0, cap), truncated: thread.length > cap };
  }

  /** Reads answer Slack's refusals as data, like the real reader. */
  private refused(call: SlackCall): Failed | undefined {
    try {
      this.record(call);
      return undefined;
    } catch (error) {
      return { ok: false, code: codeOf(error) };
    }
  }
}

function codeOf(error: unknown): string {
  if (error && typeof error === 'object' && 'data' in error) {
    const data = (error as { data?: { error?: unknown } }).data;
    if (typeof data?.error === 'string') return data.error;
  }
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------
// Queues and jobs

/** A scripted failure for the next call(s) of a fake queue. */
class Failures {
  private pending: Error[] = [];
  next(error: Error = new Error('the job queue is unavailable'), times = 1): void {
    for (let i = 0; i < times; i++) this.pending.push(error);
  }
  throwIfAny(): void {
    const error = this.pending.shift();
    if (error) throw error;
  }
}

export class FakeRunQueue implements RunQueue {
  readonly queued: Array<{ workItemId: string; runSeq: number; force?: boolean }> = [];
  readonly failNext = (error?: Error, times?: number) => this.failures.next(error, times);
  private readonly failures = new Failures();
  async enqueueRun(run: { workItemId: string; runSeq: number }, opts: { force?: boolean } = {}): Promise<void> {
    this.failures.throwIfAny();
    this.queued.push({ ...run, ...(opts.force ? { force: true } : {}) });
  }
}

export class FakeActionQueue implements ActionQueue {
  readonly queued: Array<{ actionId: string; runSeq: number; force?: boolean }> = [];
  readonly failNext = (error?: Error, times?: number) => this.failures.next(error, times);
  private readonly failures = new Failures();
  async enqueueAction(run: { actionId: string; runSeq: number }, opts: { force?: boolean } = {}): Promise<void> {
    this.failures.throwIfAny();
    this.queued.push({ ...run, ...(opts.force ? { force: true } : {}) });
  }
}

export class FakeScheduleJobs implements ScheduleJobs {
  readonly synced: ScheduleRow[] = [];
  readonly removed: string[] = [];
  async sync(schedule: ScheduleRow): Promise<void> {
    this.synced.push(schedule);
  }
  async remove(scheduleId: string): Promise<void> {
    this.removed.push(scheduleId);
  }
}

export class FakeDigestJobs implements DigestJobs {
  readonly synced: PersonRow[] = [];
  async sync(person: PersonRow): Promise<void> {
    this.synced.push(person);
  }
}

export class FakeHome implements HomeRefresher {
  readonly refreshed: string[] = [];
  async refresh(userId: string): Promise<void> {
    this.refreshed.push(userId);
  }
}

// ---------------------------------------------------------------------------------------------
// Model, clock, logger

/** A valid artifact for each spec, from test/specs/builders.ts. */
export function cannedArtifact(specName: string): unknown {
  switch (specName) {
    case 'triage':
      return buildTriage();
    case 'summarize':
      return buildSummarize();
    case 'spec-coach':
      return buildSpecCoach();
    default:
      return buildResearch();
  }
}

type Answer = (input: GenerateInput) => GenerateResult;

/** A model that answers with a canned valid artifact for the asked spec, unless told otherwise; `inputs` records every request. */
export class FakeModel implements ModelClient {
  readonly inputs: GenerateInput[] = [];
  private answer: Answer = (input) => ({ ok: true, artifact: cannedArtifact(input.spec.name), repaired: false, model: 'test-model', rejected: [], evidence: [] });
  private thrown: Error | undefined;

  answers(artifact: unknown, opts: { repaired?: boolean } = {}): void {
    this.thrown = undefined;
    this.answer = () => ({ ok: true, artifact, repaired: opts.repaired ?? false, model: 'test-model', rejected: [], evidence: [] });
  }
  fails(code: Extract<GenerateResult, { ok: false }>['code'], reason: string, rejected: Extract<GenerateResult, { ok: false }>['rejected'] = []): void {
    this.thrown = undefined;
    this.answer = () => ({ ok: false, code, reason, rejected, evidence: [] });
  }
  /** `generate` itself rejects (a bug, or something the client did not turn into a result). */
  throws(error: Error): void {
    this.thrown = error;
  }
  async generate(input: GenerateInput): Promise<GenerateResult> {
    this.inputs.push(input);
    if (this.thrown) throw this.thrown;
    return this.answer(input);
  }
}

/** A clock that stands still until told to move (starts at the real time: the database stamps rows with now()). */
export class FakeClock {
  private at: number;
  constructor(start = new Date()) {
    this.at = start.getTime();
  }
  readonly now = (): Date => new Date(this.at);
  advance(ms: number): Date {
    this.at += ms;
    return this.now();
  }
}

export type LogEntry = { level: 'debug' | 'info' | 'warn' | 'error'; message: string };

/** Prints nothing; keeps what was logged (a use case's only trace of a swallowed failure). */
export class QuietLogger implements Logger {
  readonly entries: LogEntry[] = [];
  private level = LogLevel.DEBUG;
  debug(...msg: unknown[]): void {
    this.add('debug', msg);
  }
  info(...msg: unknown[]): void {
    this.add('info', msg);
  }
  warn(...msg: unknown[]): void {
    this.add('warn', msg);
  }
  error(...msg: unknown[]): void {
    this.add('error', msg);
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(): void {}
  /** Messages at this level. */
  at(level: LogEntry['level']): string[] {
    return this.entries.filter((e) => e.level === level).map((e) => e.message);
  }
  private add(level: LogEntry['level'], msg: unknown[]): void {
    this.entries.push({ level, message: msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ') });
  }
}

// ---------------------------------------------------------------------------------------------
// Deps

/** Deps whose fakes keep their own types, so a test reads what they recorded. */
export interface FakeDeps extends Deps {
  runs: FakeRunQueue;
  actions: FakeActionQueue;
  schedules: FakeScheduleJobs;
  digests: FakeDigestJobs;
  home: FakeHome;
  slack: FakeSlackApi;
  actionSlack: FakeSlackApi;
  model: FakeModel;
  logger: QuietLogger;
  clock: FakeClock;
}

/** The app's config as the loader builds it, with test values (and `env` on top). */
export function testConfig(env: Record<string, string> = {}): Config {
  return parseConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789',
    OPENAI_API_KEY: 'sk-test',
    OPENAI_MODEL: 'test-model',
    LOG_LEVEL: 'error',
    ...env,
  });
}

/** Fresh fakes around a real database. `config` is copied, so a test may change its own. */
export function createFakeDeps(db: Deps['db'], config: Config): FakeDeps {
  const clock = new FakeClock();
  return {
    db,
    runs: new FakeRunQueue(),
    actions: new FakeActionQueue(),
    schedules: new FakeScheduleJobs(),
    digests: new FakeDigestJobs(),
    home: new FakeHome(),
    acks: { settled: async () => {} },
    slack: new FakeSlackApi(),
    actionSlack: new FakeSlackApi(),
    model: new FakeModel(),
    config: structuredClone(config),
    logger: new QuietLogger(),
    clock,
    now: clock.now,
  };
}

/** A scratch database, opened the way the app opens it and migrated. */
export async function openScratchDatabase(config: (env: Record<string, string>) => Config = testConfig): Promise<{ database: Database; config: Config; scratch: TestDatabase }> {
  const scratch = await createTestDatabase();
  const cfg = config(scratch.env);
  const database = await openDatabase(cfg.database, new QuietLogger());
  try {
    await runMigrations(database);
  } catch (error) {
    await database.close();
    await scratch.drop();
    throw error;
  }
  return { database, config: cfg, scratch };
}

/** What each recorded call asked Slack to show (a message or a Home view), as the Web API would receive it. */
export function shownBy(slack: FakeSlackApi): Array<{ method: SlackMethod; body: Record<string, unknown> }> {
  return slack.calls.flatMap((c): Array<{ method: SlackMethod; body: Record<string, unknown> }> => {
    if (c.method === 'post' || c.method === 'update' || c.method === 'tell') return [{ method: c.method, body: { text: c.message.text, blocks: c.message.blocks } }];
    if (c.method === 'publishHome') return [{ method: c.method, body: { view: c.view } }];
    return [];
  });
}

/**
 * One migrated scratch database for the test file, and fresh fakes for each test. After each
 * test, everything sent to Slack is checked against Slack's limits and swept for tokens the
 * app did not write (the builders' artifacts are hostile), as the app-level tests do.
 * `env` sets config values for the file (e.g. `{ WIP_LIMIT: '2' }`).
 */
export function useFakeDeps(opts: { env?: Record<string, string> } = {}): () => FakeDeps {
  let opened: Awaited<ReturnType<typeof openScratchDatabase>> | undefined;
  let deps: FakeDeps | undefined;
  beforeAll(async () => {
    opened = await openScratchDatabase((env) => testConfig({ ...env, ...opts.env }));
  });
  afterAll(async () => {
    await opened?.database.close();
    await opened?.scratch.drop();
  });
  beforeEach(() => {
    deps = createFakeDeps(opened!.database.db, opened!.config);
  });
  afterEach(() => {
    const shown = [...shownBy(deps!.slack), ...shownBy(deps!.actionSlack)];
    expect(shown.flatMap((c) => blockKitViolations(c.body).map((v) => `${c.method}: ${v}`))).toEqual([]);
    expect(shown.flatMap((c) => injectionsInBody(c.body).map((v) => `${c.method}: ${v}`))).toEqual([]);
  });
  return () => deps!;
}
