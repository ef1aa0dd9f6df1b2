import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Database } from './database';

/**
 * The committed migrations: copied next to the bundle by scripts/build.mjs (`dist/migrations`
 * beside `dist/main.js`), or `db/migrations` when this file runs from source (tsx, vitest).
 */
const bundled = fileURLToPath(new URL('./migrations', import.meta.url));
export const MIGRATIONS_FOLDER = existsSync(bundled) ? bundled : fileURLToPath(new URL('../../db/migrations', import.meta.url));

/** Applies committed drizzle-kit migrations; an advisory lock serialises concurrent starts. */
export async function runMigrations(database: Database): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query('select pg_advisory_lock(727274)');
    try {
      // Same connection as the lock: the embedded pool has only one.
      await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query('select pg_advisory_unlock(727274)');
    }
  } finally {
    client.release();
  }
}
