import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { SlackTarget } from './slack-requests';
import { SIGNING_SECRET } from './test-app';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The real app as a separate process (HTTP mode, its own database, loopback fakes of Slack and
 * the model), started the way an operator starts it (`node dist/main.js`), so a test can
 * SIGKILL it, restart it on the same database, and break what it depends on.
 */
export interface ChildApp {
  target: SlackTarget;
  port: number;
  /** Everything the process wrote, across restarts. */
  output: () => string;
  /** Exit codes and signals of processes that ended, in order. */
  exits: Array<{ code: number | null; signal: NodeJS.Signals | null; expected: boolean }>;
  pid: () => number | undefined;
  alive: () => boolean;
  start(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** What `npm start` runs (the bundle global-setup built from these sources). */
function command(): { file: string; args: string[] } {
  const bundle = `${ROOT}dist/main.js`;
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build`);
  return { file: process.execPath, args: ['--enable-source-maps', bundle] };
}

export async function childApp(env: Record<string, string>): Promise<ChildApp> {
  const port = await freePort();
  let proc: ChildProcess | undefined;
  let log = '';
  const exits: ChildApp['exits'] = [];
  let expectingExit = false;

  const waitHealthy = async (timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) throw new Error(`The app exited while starting:\n${log.slice(-4000)}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`The app was not healthy within ${timeoutMs} ms:\n${log.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const app: ChildApp = {
    target: { url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET },
    port,
    output: () => log,
    exits,
    pid: () => proc?.pid,
    alive: () => Boolean(proc && proc.exitCode === null && proc.signalCode === null),
    async start() {
      const { file, args } = command();
      expectingExit = false;
      proc = spawn(file, args, {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, PORT: String(port), LOG_LEVEL: 'info', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const current = proc;
      current.stdout!.on('data', (d) => (log += String(d)));
      current.stderr!.on('data', (d) => (log += String(d)));
      current.on('exit', (code, signal) => exits.push({ code, signal, expected: expectingExit }));
      await waitHealthy(60_000);
    },
    async kill(signal = 'SIGKILL') {
      const current = proc;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      expectingExit = true;
      const exited = new Promise((r) => current.once('exit', r));
      current.kill(signal);
      await exited;
    },
    async stop() {
      await app.kill('SIGTERM');
    },
  };
  return app;
}

/** Exits nobody asked for (a crash): the property every fault test checks last. */
export function unexpectedExits(app: ChildApp) {
  return app.exits.filter((e) => !e.expected);
}
