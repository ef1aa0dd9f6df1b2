import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database';
import { createLogger } from '../src/logger';
import { FakeSlack } from './support/fake-slack';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Collects a child's output; `line(re)` resolves with the first match (or rejects when the child exits first). */
function watch(child: ChildProcess) {
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waiters: Array<() => void> = [];
  const onData = (d: Buffer) => {
    output += d.toString();
    for (const w of waiters) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    exited,
    output: () => output,
    line: (re: RegExp) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const match = output.match(re);
          if (match) resolve(match);
        };
        waiters.push(check);
        check();
        void exited.then((code) => reject(new Error(`exited ${code} before ${re}:\n${output}`)));
      }),
  };
}

const env = (extra: Record<string, string>) => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...extra });

describe('the bundle `npm start` runs (node dist/main.js)', () => {
  let outdir: string;

  beforeAll(async () => {
    // Inside the project: the bundle loads its packages from node_modules.
    await mkdir(join(root, '.scratch'), { recursive: true });
    outdir = await mkdtemp(join(root, '.scratch', 'build-'));
    const build = watch(spawn(process.execPath, ['scripts/build.mjs', '--outdir', outdir], { cwd: root }));
    expect(await build.exited, build.output()).toBe(0);
  });

  afterAll(async () => {
    if (outdir) await rm(outdir, { recursive: true, force: true });
  });

  it('exits 1 with the configuration errors when the environment is wrong', async () => {
    const child = watch(spawn(process.execPath, ['--enable-source-maps', join(outdir, 'main.js')], { cwd: tmpdir(), env: env({}) }));
    expect(await child.exited).toBe(1);
    expect(child.output()).toContain('SLACK_BOT_TOKEN is required');
    expect(child.output()).toContain('.env.example');
  });

  it('starts on a new embedded PGlite database (migrated, small-install settings), answers /healthz and stops on SIGTERM', async () => {
    const slack = await FakeSlack.start();
    const dataDir = await mkdtemp(join(tmpdir(), 'delegate-build-'));
    try {
      const proc = spawn(process.execPath, ['--enable-source-maps', join(outdir, 'main.js')], {
        cwd: tmpdir(), // the bundle finds its migrations next to itself, not in the working directory
        env: env({ SLACK_BOT_TOKEN: 'xoxb-build', SLACK_SIGNING_SECRET: 'build-signing-secret', SLACK_API_URL: slack.apiUrl, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' }),
      });
      const child = watch(proc);
      const [, port] = await child.line(/Delegate is running \(HTTP on :(\d+)\//);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', database: 'up', mode: 'http' });
      proc.kill('SIGTERM');
      expect(await child.exited).toBe(0);

      // The directory the bundle created opens again, migrated, with the embedded settings.
      const database = await openDatabase({ kind: 'embedded', dataDir }, createLogger('error'));
      try {
        const { rows } = await database.pool.query<{ shared_buffers: string; items: string | null }>(
          "select current_setting('shared_buffers') as shared_buffers, to_regclass('public.work_items')::text as items",
        );
        expect(rows[0]).toEqual({ shared_buffers: '8MB', items: 'work_items' });
      } finally {
        await database.close();
      }
    } finally {
      await slack.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
