import { sql } from 'drizzle-orm';
import {
  bigserial,
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

export const workItemStatus = pgEnum('work_item_status', [
  'queued',
  'running',
  'awaiting_review',
  'refining',
  'failed',
  'approved',
  'rejected',
  'cancelled',
  'acting',
  'completed',
]);

/** `coach`: a spec-coach proposal the app delegated on the person's behalf. */
export const delegationSource = pgEnum('delegation_source', ['command', 'modal', 'dm', 'schedule', 'coach']);

export const scheduleState = pgEnum('schedule_state', ['active', 'paused']);

/** Recurring delegations. Each active one drives exactly one Agenda repeating job. */
export const schedules = pgTable(
  'schedules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: text('owner_id').notNull(),
    teamId: text('team_id'),
    agent: text('agent').notNull(),
    instructions: text('instructions').notNull(),
    /** Where each run's card goes. */
    channelId: text('channel_id').notNull(),
    /** The parsed phrase (cadence + run_at/ready_by), and the cron Agenda runs (lead applied). */
    cadence: jsonb('cadence').notNull(),
    cron: text('cron').notNull(),
    timeZone: text('time_zone').notNull(),
    leadMinutes: integer('lead_minutes').notNull().default(0),
    state: scheduleState('state').notNull().default('active'),
    pausedReason: text('paused_reason'),
    lastRunAt: timestamp('last_run_at', { withTimezone: true }),
    /** A run that came due at the WIP limit waits here: since when, and how many due runs it stands for. */
    deferredSince: timestamp('deferred_since', { withTimezone: true }),
    deferredCount: integer('deferred_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('schedules_owner_idx').on(t.ownerId, t.createdAt)],
);

/** One row per Slack user who has used the app; also the row locked for WIP admission. */
export const people = pgTable('people', {
  userId: text('user_id').primaryKey(),
  teamId: text('team_id'),
  wipLimit: integer('wip_limit'),
  /** Slack time zone, read once from users.info for the digest. */
  timeZone: text('time_zone'),
  /** Daily digest: on/off, local time (HH:MM), weekdays or every day, DM (null) or a channel, and what an empty day gets. */
  digestEnabled: boolean('digest_enabled').notNull().default(true),
  digestTime: text('digest_time').notNull().default('09:00'),
  digestDays: text('digest_days', { enum: ['weekdays', 'daily'] }).notNull().default('weekdays'),
  digestChannel: text('digest_channel'),
  digestEmpty: text('digest_empty', { enum: ['line', 'none'] }).notNull().default('line'),
  /** Review items older than this are stale (marked in the digest, one gentle reminder a day). */
  staleHours: integer('stale_hours').notNull().default(24),
  /** Post the retro numbers weekly (Fridays, at digest time, in the digest place). */
  retroWeekly: boolean('retro_weekly').notNull().default(false),
  /** The local date of the last digest sent, so a re-delivered digest job sends nothing. */
  digestSentOn: text('digest_sent_on'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const workItems = pgTable(
  'work_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => people.userId),
    teamId: text('team_id'),
    agent: text('agent').notNull(),
    instructions: text('instructions').notNull(),
    source: delegationSource('source').notNull(),
    /** For scheduled runs: the schedule, and the due time this run is for (one item per due time). */
    scheduleId: uuid('schedule_id'),
    scheduledFor: timestamp('scheduled_for', { withTimezone: true }),
    /** Identifies the Slack message a DM delegation came from, so a re-delivered event creates nothing. */
    sourceRef: text('source_ref'),
    /** Where the card lives: the conversation asked from, or the owner's DM as a fallback. */
    channelId: text('channel_id').notNull(),
    cardChannelId: text('card_channel_id'),
    cardTs: text('card_ts'),
    status: workItemStatus('status').notNull().default('queued'),
    /** Bumped each time a run is requested; run jobs carry it, so a stale or repeated job does nothing. */
    runSeq: integer('run_seq').notNull().default(1),
    /** Lease on the current run: which run_seq a worker is executing, and since when. */
    claimedRunSeq: integer('claimed_run_seq'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    /** The run_seq whose run was taken over from a worker that stopped renewing its lease (shown on the card). */
    resumedRunSeq: integer('resumed_run_seq'),
    /** Latest artifact version (0 before the first run completes). */
    currentVersion: integer('current_version').notNull().default(0),
    /** Feedback for a pending or failed refinement, and the version it refines. */
    feedback: text('feedback'),
    feedbackVersion: integer('feedback_version'),
    failureReason: text('failure_reason'),
    /** Last stale reminder posted in the card's thread (at most one a day). */
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    /** Who closed it (approve, reject, cancel), when, and why. */
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    rejectReason: text('reject_reason'),
    /** Approved by the agent's `act` autonomy level rather than a click (undoable for a while). */
    autoApproved: boolean('auto_approved').notNull().default(false),
    /** When the approved version's actions all finished (status completed). */
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** Where an approved artifact is published (`/delegate research to #eng: …`, the modal or the card). */
    publishChannelId: text('publish_channel_id'),
    /** For spec-coach proposals: the agent whose spec the proposal is about. */
    aboutAgent: text('about_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('work_items_owner_status_idx').on(t.ownerId, t.status, t.createdAt),
    index('work_items_owner_created_idx').on(t.ownerId, t.createdAt),
    index('work_items_owner_decided_idx').on(t.ownerId, t.decidedAt),
    uniqueIndex('work_items_source_ref_idx').on(t.sourceRef),
    uniqueIndex('work_items_schedule_slot_idx').on(t.scheduleId, t.scheduledFor),
  ],
);

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
    kind: text('kind', { enum: ['publish', 'assign', 'escalate', 'apply_spec'] }).notNull(),
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
