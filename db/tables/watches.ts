import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { scheduleState, workItems } from './core';

/**
 * Watches: which events start which agent for whom (`/delegate watch …`). One per person,
 * source and agent (`key`). Cards go to the person's DM, or to `channel_id` when asked.
 */
export const watches = pgTable(
  'watches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: text('owner_id').notNull(),
    teamId: text('team_id'),
    /** `github:acme/web:pr-review`, `alerts:triage` (domain/watch-grammar.ts watchKey). */
    key: text('key').notNull(),
    sourceKind: text('source_kind', { enum: ['github', 'alerts'] }).notNull(),
    /** For GitHub: the repository, lower-cased for matching, as typed for showing. */
    repo: text('repo'),
    agent: text('agent').notNull(),
    filters: jsonb('filters').notNull().default({}),
    channelId: text('channel_id'),
    state: scheduleState('state').notNull().default('active'),
    /** At most this many new items an hour; past it, events go to one storm card. */
    hourlyLimit: integer('hourly_limit').notNull().default(20),
    /** The storm card of the current storm (updated as events pile in), and when that storm began. */
    stormChannelId: text('storm_channel_id'),
    stormTs: text('storm_ts'),
    stormSince: timestamp('storm_since', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('watches_owner_key_idx').on(t.ownerId, t.key), index('watches_repo_idx').on(t.sourceKind, t.repo)],
);

/**
 * One row per event key a watch took in: a PR, an alert group. `waiting` (deferred at the WIP
 * limit), `storm` (past the hourly limit, listed on the storm card), `started` (an item runs
 * for it), `dropped` (closed or resolved before it started). Repeats of the same key update
 * the row (notifications, last payload) instead of adding one.
 */
export const watchEvents = pgTable(
  'watch_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    watchId: uuid('watch_id')
      .notNull()
      .references(() => watches.id, { onDelete: 'cascade' }),
    eventKey: text('event_key').notNull(),
    status: text('status', { enum: ['waiting', 'storm', 'started', 'dropped'] }).notNull(),
    /** What the item is asked to do, and what the card shows (title, url, alert summary). */
    summary: jsonb('summary').notNull(),
    notifications: integer('notifications').notNull().default(1),
    workItemId: uuid('work_item_id').references(() => workItems.id, { onDelete: 'set null' }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('watch_events_key_idx').on(t.watchId, t.eventKey), index('watch_events_waiting_idx').on(t.status, t.receivedAt)],
);

/** GitHub deliveries already taken in (`X-GitHub-Delivery`): a redelivery is answered, not redone. */
export const webhookDeliveries = pgTable('webhook_deliveries', {
  deliveryId: text('delivery_id').primaryKey(),
  source: text('source').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});
