import { afterAll, beforeAll, expect } from 'vitest';
import { violationsIn } from './block-kit-limits';
import { childApp, type ChildApp } from './child-app';
import { FakeOpenAI, type Reply } from './fake-openai';
import { FakeSlack } from './fake-slack';
import { injectionsIn } from './injection-sweep';
import { observer, type Observer } from './observer';
import { createTestDatabase, type TestDatabase } from './test-database';

/** What a fault test works with: the app as a child process, its fakes, and its database. */
export interface FaultApp {
  slack: FakeSlack;
  openai: FakeOpenAI;
  database: TestDatabase;
  app: ChildApp;
  db: Observer;
}

/**
 * One child-process app for a whole fault test file: fakes and a fresh database before, and
 * after, everything stopped and every payload it sent checked against Slack's limits and the
 * injection sweep. The returned object is filled in by `beforeAll`.
 */
export function useFaultApp(opts: { env?: Record<string, string>; model?: Reply } = {}): FaultApp {
  const f = {} as FaultApp;
  beforeAll(async () => {
    [f.slack, f.openai, f.database] = await Promise.all([FakeSlack.start(), FakeOpenAI.start(), createTestDatabase()]);
    if (opts.model) f.openai.setDefault(opts.model);
    f.app = await childApp({ ...f.database.env, SLACK_API_URL: f.slack.apiUrl, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: f.openai.baseUrl, OPENAI_MODEL: 'test-model', ...opts.env });
    await f.app.start();
    f.db = observer(f.database);
  }, 90_000);
  afterAll(async () => {
    await f.app?.stop();
    await f.db?.close();
    await Promise.all([f.slack?.close(), f.openai?.close()]);
    await f.database?.drop();
    if (f.slack) {
      expect(violationsIn(f.slack.calls)).toEqual([]);
      expect(injectionsIn(f.slack.calls)).toEqual([]);
    }
  });
  return f;
}
