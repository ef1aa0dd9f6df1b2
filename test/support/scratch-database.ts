import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface ScratchDatabase {
  /** Environment entries that point the app at this database. */
  env: Record<string, string>;
  url?: string;
  kind: 'PostgreSQL' | 'embedded PGlite';
  drop(): Promise<void>;
}

/** A fresh, throw-away database: a new database on the given server, or a new PGlite directory. */
export async function createScratchDatabase(adminUrl: string | null, prefix: string): Promise<ScratchDatabase> {
  if (!adminUrl) {
    const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
    return { env: { DATA_DIR: dir }, kind: 'embedded PGlite', drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const name = `${prefix.replace(/\W/g, '_')}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    url: url.toString(),
    kind: 'PostgreSQL',
    drop: async () => {
      await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Whether a PostgreSQL server answers at this URL. */
export async function reachable(url: string): Promise<boolean> {
  try {
    await withClient(url, (c) => c.query('select 1'));
    return true;
  } catch {
    return false;
  }
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}
