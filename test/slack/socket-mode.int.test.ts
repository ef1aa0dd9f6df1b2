import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { violationsIn } from '../support/block-kit-limits';
import { injectionsIn } from '../support/injection-sweep';
import { startDelegate, type Delegate } from '../../src/app';
import { parseConfig } from '../../src/config/env';
import { createLogger } from '../../src/logger';
import { buildResearch } from '../specs/builders';
import { FakeOpenAI } from '../support/fake-openai';
import { FakeSlack } from '../support/fake-slack';
import { FakeSocketMode } from '../support/fake-socket-mode';
import { buildSlashCommand } from '../support/slack-requests';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Socket Mode, as manifest.json sets up: no public URL; Slack pushes envelopes over a WebSocket.
let slack: FakeSlack;
let openai: FakeOpenAI;
let socket: FakeSocketMode;
let database: TestDatabase;
let delegate: Delegate;
let port: number;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  return typeof address === 'object' && address ? address.port : 0;
}

beforeAll(async () => {
  [slack, openai, socket, database, port] = await Promise.all([FakeSlack.start(), FakeOpenAI.start(), FakeSocketMode.start(), createTestDatabase(), freePort()]);
  slack.socketModeUrl = socket.url;
  openai.setDefault({ json: buildResearch() });
  const config = parseConfig({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: 'unused-in-socket-mode',
    SLACK_APP_TOKEN: 'xapp-1-test',
    SLACK_API_URL: slack.apiUrl,
    PORT: String(port),
    OPENAI_BASE_URL: openai.baseUrl,
    LOG_LEVEL: 'error',
    ...database.env,
  });
  config.jobs.processEveryMs = 250;
  delegate = await startDelegate(config, createLogger('error'));
});
afterAll(async () => {
  await delegate?.stop();
  await Promise.all([slack?.close(), openai?.close(), socket?.close()]);
  await database?.drop();
});

afterEach(() => {
  expect(violationsIn(slack.calls)).toEqual([]);
  expect(injectionsIn(slack.calls)).toEqual([]);
});

describe('Socket Mode', () => {
  it('connects with the app token and serves /healthz on PORT', async () => {
    await socket.connected();
    const open = slack.callsTo('apps.connections.open')[0]!;
    expect(open.token).toBe('xapp-1-test');
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'up', mode: 'socket' });
  });

  it('a slash command over the socket is acked and delegated; the card arrives', async () => {
    const ack = await socket.send('slash_commands', buildSlashCommand({ text: 'research: over the socket', response_url: slack.responseUrl() }));
    expect(ack.envelope_id).toBeTruthy();
    const reply = await slack.waitFor('response_url');
    expect(reply.body.text).toContain('`research` is on it');
    const card = await slack.waitFor('chat.postMessage', (c) => Array.isArray(c.body.blocks));
    expect(JSON.stringify(card.body.blocks)).toContain('research@1');
  });
});
