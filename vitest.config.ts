import { defineConfig } from 'vitest/config';

/**
 * Two projects. `unit` (npm run test:unit): pure tests that need no database, no app and no
 * child process; they run in seconds. `int` (npm run test:int): everything that starts the
 * app, a database, or a child process — *.int.test.ts, the fault suite (*.fault.test.ts,
 * which runs the built bundle), and the start-up and build tests. `npm test` runs both.
 * Only `int` needs global-setup.ts (it finds PostgreSQL and builds the bundle).
 */
const needsTheHouse = ['test/**/*.int.test.ts', 'test/**/*.fault.test.ts', 'test/startup.test.ts', 'test/build.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      // Pure tests share their workers (no isolation): most of their time would otherwise be
      // each file's fresh process importing the same modules again.
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: needsTheHouse, pool: 'threads', isolate: false } },
      { extends: true, test: { name: 'int', include: needsTheHouse, globalSetup: ['test/support/global-setup.ts'] } },
    ],
  },
});
