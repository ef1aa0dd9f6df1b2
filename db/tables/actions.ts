import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { workItems } from './core';

export const actionStatus = pgEnum('action_status', ['planned', 'queued', 'running', 'succeeded', 'failed', 'skipped', 'undone']);

/**
 * What an approved artifact version leads to: one row per Slack message to send (or spec
 * change to apply). Planned when the version is produced; executed only after approval.
 * Keyed by (item, version, key) and guarded by run_seq, so a re-delivered job never acts twice.
 */
export const itemActions = pgTable(
  'item_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workItemId: uuid('work_item_id')
      .notNull()
      .references(() => workItems.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    /** Stable within a version, e.g. `publish:C123`, `assign:U123`, `escalate:dm:U9`. */
    key: text('key').notNull(),
    kind: text('kind', { enum: ['publish', 'assign', 'escalate', 'apply_spec', 'github_review', 'github_issue'] }).notNull(),
    params: jsonb('params').notNull(),
    /** Unticked on the card: skipped on approval. */
    selected: boolean('selected').notNull().default(true),
    status: actionStatus('status').notNull().default('planned'),
    /** Bumped on each requested execution (approve, retry); jobs carry it. */
    runSeq: integer('run_seq').notNull().default(0),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    /** For assignments: the Slack user who got the items (their Home lists them). */
    assigneeId: text('assignee_id'),
    /** What the action did: messages posted (channel, ts, permalink), spec version created… */
    result: jsonb('result'),
    error: text('error'),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('item_actions_key_idx').on(t.workItemId, t.version, t.key),
    index('item_actions_assignee_idx').on(t.assigneeId, t.finishedAt),
  ],
);

export const autonomyLevel = pgEnum('autonomy_level', ['observe', 'propose', 'act']);

/** Per person and agent: how much the agent may do without asking, and its track record. */
export const agentTrust = pgTable(
  'agent_trust',
  {
    userId: text('user_id').notNull(),
    agent: text('agent').notNull(),
    level: autonomyLevel('level').notNull().default('propose'),
    /** Approvals in a row without a refine, reject or undo. */
    streak: integer('streak').notNull().default(0),
    approvals: integer('approvals').notNull().default(0),
    refines: integer('refines').notNull().default(0),
    rejects: integer('rejects').notNull().default(0),
    undos: integer('undos').notNull().default(0),
    /** Why the level last changed (shown in status and Home). */
    levelReason: text('level_reason'),
    levelChangedAt: timestamp('level_changed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.agent] })],
);

/**
 * Tightened specs. Version 1 of every agent is its file in specs/; each row is a later
 * version: the base constraints plus this one, for one person (owner_id) or, set by a
 * workspace admin, for everyone (owner_id null). Versions are numbered per agent.
 */
export const specVersions = pgTable(
  'spec_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agent: text('agent').notNull(),
    version: integer('version').notNull(),
    ownerId: text('owner_id'),
    /** The version this one tightens; its constraints are included in `constraints`. */
    baseVersion: integer('base_version').notNull(),
    /** Every field constraint and free-text rule in force in this version (cumulative). */
    constraints: jsonb('constraints').notNull(),
    /** What this version changed, in words, and where it came from. */
    change: text('change').notNull(),
    source: text('source', { enum: ['tighten', 'refine_rule', 'spec_coach'] }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('spec_versions_agent_version_idx').on(t.agent, t.version), index('spec_versions_owner_idx').on(t.agent, t.ownerId)],
);
