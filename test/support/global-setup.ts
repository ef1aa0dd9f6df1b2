import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { reachable } from './scratch-database';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of a PostgreSQL server for *.int.test.ts, or null to use embedded PGlite. */
    pgAdminUrl: string | null;
  }
}

/** Use the machine's PostgreSQL when it answers; otherwise tests fall back to embedded PGlite. */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const up = await reachable(url);
  if (!up) console.warn(`PostgreSQL not reachable at ${url}; tests use embedded PGlite.`);
  project.provide('pgAdminUrl', up ? url : null);
  // The fault suite runs the app the way `npm start` does: the bundle, built once from these sources.
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: 'inherit' });
}
