import { inject } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';

export type TestDatabase = ScratchDatabase;

/** A fresh database per test file, on the PostgreSQL found by global-setup, or embedded PGlite. */
export function createTestDatabase(): Promise<TestDatabase> {
  return createScratchDatabase(inject('pgAdminUrl'), 'delegate_t');
}
