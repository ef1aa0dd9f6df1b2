import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/env';

/** Runs the real entry point with the given environment and collects how it ends. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      cwd: new URL('..', import.meta.url),
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('start-up with bad configuration', () => {
  it('exits 1 and names every missing variable', async () => {
    const { code, output } = await runMain({});
    expect(code).toBe(1);
    expect(output).toContain('SLACK_BOT_TOKEN is required');
    expect(output).toContain('SLACK_SIGNING_SECRET is required');
    expect(output).toContain('.env.example');
  });

  it('exits 1 on malformed values, saying what is wrong', async () => {
    const { code, output } = await runMain({
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      SLACK_SIGNING_SECRET: 'abcdefgh12345678',
      PORT: 'eighty',
      WIP_LIMIT: '0',
      DATABASE_URL: 'mysql://localhost/x',
    });
    expect(code).toBe(1);
    expect(output).toContain('SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
    expect(output).toMatch(/PORT .*number/i);
    expect(output).toMatch(/WIP_LIMIT .*1/);
    expect(output).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL');
  });

  it('exits 1 with a clear message when the database cannot be reached', async () => {
    const { code, output } = await runMain({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 'abcdefgh12345678',
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      PORT: '0',
    });
    expect(code).toBe(1);
    expect(output).toContain('Delegate could not start');
    expect(output).toContain('ECONNREFUSED');
  });
});

describe('parseConfig', () => {
  const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh12345678' };

  it('defaults to embedded PGlite, port 3000, WIP 5, and no model', () => {
    const config = parseConfig(base);
    expect(config.database).toEqual({ kind: 'embedded', dataDir: './.data' });
    expect(config.port).toBe(3000);
    expect(config.wipLimit).toBe(5);
    expect(config.model.configured).toBe(false);
    expect(config.slack.appToken).toBeUndefined();
  });

  it('treats empty strings as unset (as in a copied .env.example)', () => {
    const config = parseConfig({ ...base, DATABASE_URL: '', OPENAI_API_KEY: '', SLACK_APP_TOKEN: '', PORT: '' });
    expect(config.database.kind).toBe('embedded');
    expect(config.model.configured).toBe(false);
    expect(config.port).toBe(3000);
  });

  it('a base URL alone configures a local model', () => {
    const config = parseConfig({ ...base, OPENAI_BASE_URL: 'http://localhost:11434/v1', DATABASE_URL: 'postgres://x@h/db' });
    expect(config.model).toMatchObject({ configured: true, baseUrl: 'http://localhost:11434/v1' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://x@h/db' });
  });
});
