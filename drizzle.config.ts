import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
  // Only `drizzle-kit generate` reads this file; the app migrates itself on start.
  dbCredentials: { url: 'postgres://postgres@127.0.0.1:5432/test' },
});
