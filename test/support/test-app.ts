import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startDelegate, type Delegate } from '../../src/app';
import { violationsIn } from './block-kit-limits';
import { injectionsIn } from './injection-sweep';
import { settle } from './scenario';
import { parseConfig, type Config } from '../../src/config/env';
import { createLogger } from '../../src/logger';
import { FakeOpenAI, type Reply } from './fake-openai';
import { FakeSlack } from './fake-slack';
import type { SlackTarget } from './slack-requests';
import { createTestDatabase, type TestDatabase } from './test-database';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';

export interface TestApp {
  delegate: Delegate;
  slack: FakeSlack;
  openai: FakeOpenAI;
  target: SlackTarget;
  database: TestDatabase;
  config: Config;
  stop(): Promise<void>;
}

/** The real app (Bolt over HTTP, PostgreSQL, Agenda) wired to loopback fakes of Slack and the model. */
export async function startTestApp(
  opts: { env?: Record<string, string>; database?: TestDatabase; modelReply?: Reply; jobs?: Partial<Config['jobs']> } = {},
): Promise<TestApp> {
  const [slack, openai] = await Promise.all([FakeSlack.start(), FakeOpenAI.start()]);
  if (opts.modelReply) openai.setDefault(opts.modelReply);
  const database = opts.database ?? (await createTestDatabase());
  const config = parseConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: openai.baseUrl,
    OPENAI_MODEL: 'test-model',
    OPENAI_TIMEOUT_MS: '5000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    ...database.env,
    ...opts.env,
  });
  config.jobs.processEveryMs = 250;
  Object.assign(config.jobs, opts.jobs);
  config.cache.directoryMs = 0; // tests change the fake workspace's members between steps
  const delegate = await startDelegate(config, createLogger(config.logLevel));
  return {
    delegate,
    slack,
    openai,
    database,
    config,
    target: { url: `http://127.0.0.1:${delegate.port}/slack/events`, signingSecret: SIGNING_SECRET },
    async stop() {
      await delegate.stop();
      await Promise.all([slack.close(), openai.close()]);
      if (!opts.database) await database.drop();
    },
  };
}

/**
 * One app for a whole test file, with the usual hooks: start before, stop after, and after
 * each test let the app settle, check every payload against Slack's limits and sweep it for
 * tokens the app did not write (injection-sweep.ts), and reset the fakes.
 */
export function useTestApp(opts: Parameters<typeof startTestApp>[0] = {}): () => TestApp {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await startTestApp(opts);
  });
  afterAll(() => app?.stop());
  afterEach(async () => {
    await settle(app!);
    expect(violationsIn(app!.slack.calls)).toEqual([]);
    expect(injectionsIn(app!.slack.calls)).toEqual([]);
    app!.slack.reset();
  });
  return () => app!;
}
