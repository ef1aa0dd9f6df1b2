import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { workItemStatus, workItems } from './core';

/** Every artifact version is kept; the card shows the latest. */
export const artifacts = pgTable(
  'artifacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workItemId: uuid('work_item_id')
      .notNull()
      .references(() => workItems.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    specName: text('spec_name').notNull(),
    specVersion: integer('spec_version').notNull(),
    content: jsonb('content').notNull(),
    model: text('model').notNull(),
    /** The feedback that produced this version (null for version 1). */
    feedback: text('feedback'),
    repaired: integer('repaired').notNull().default(0),
    /** Citations (URLs, permalinks) this version makes of things its run did not read. */
    unreadCitations: integer('unread_citations').notNull().default(0),
    /** The run that produced it: a run resumed after a crash reuses its stored artifact instead of calling the model again. */
    runSeq: integer('run_seq'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('artifacts_item_version_idx').on(t.workItemId, t.version)],
);

/** Append-only audit trail of every state change. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workItemId: uuid('work_item_id')
      .notNull()
      .references(() => workItems.id, { onDelete: 'cascade' }),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    fromStatus: workItemStatus('from_status'),
    toStatus: workItemStatus('to_status').notNull(),
    detail: jsonb('detail').notNull().default(sql`'{}'::jsonb`),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_events_item_idx').on(t.workItemId, t.at)],
);

/** Raw model output that failed validation, kept so nothing the model wrote is lost. */
export const rejectedOutputs = pgTable('rejected_outputs', {
  id: uuid('id').primaryKey().defaultRandom(),
  workItemId: uuid('work_item_id')
    .notNull()
    .references(() => workItems.id, { onDelete: 'cascade' }),
  attempt: integer('attempt').notNull(),
  raw: text('raw').notNull(),
  errors: text('errors').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * What an agent read for an artifact version: one row per read, refused and failed reads
 * included. `ref` is what was asked for; `url` where a person can open it; `aliases` what
 * else a citation of it may say (the final URL after redirects, message permalinks).
 */
export const evidence = pgTable(
  'evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workItemId: uuid('work_item_id')
      .notNull()
      .references(() => workItems.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    seq: integer('seq').notNull(),
    kind: text('kind').notNull(),
    via: text('via').notNull(),
    ref: text('ref').notNull(),
    label: text('label').notNull(),
    url: text('url'),
    aliases: jsonb('aliases').$type<string[]>().notNull().default([]),
    readAt: timestamp('read_at', { withTimezone: true }).notNull(),
    /** A conversation read over a window: where the window started. */
    since: timestamp('since', { withTimezone: true }),
    bytes: integer('bytes').notNull(),
    items: integer('items').notNull(),
    truncated: boolean('truncated').notNull().default(false),
    digest: text('digest'),
    problem: jsonb('problem'),
  },
  (t) => [uniqueIndex('evidence_item_version_seq_idx').on(t.workItemId, t.version, t.seq)],
);
