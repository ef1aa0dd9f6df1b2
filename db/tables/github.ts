import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * GitHub answers the daily agents read again, kept with their ETag: the next read of the same
 * URL asks "If-None-Match", and a 304 (which GitHub does not count against the rate limit) is
 * served from here. One row per URL, pages included; rows unused for a while are dropped.
 */
export const githubEtagCache = pgTable(
  'github_etag_cache',
  {
    /** The request's path and query, e.g. /repos/acme/web/pulls?state=open&per_page=100&page=1. */
    url: text('url').primaryKey(),
    etag: text('etag').notNull(),
    /** The answer as parsed at the boundary (only the fields Delegate relies on). */
    data: jsonb('data').notNull(),
    /** The page's `link` header, so a page served from here still says where the next one is. */
    link: text('link'),
    /** Last time GitHub answered for it, 200 or 304. */
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('github_etag_cache_checked_idx').on(t.checkedAt)],
);
