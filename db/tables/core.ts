import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
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

/** `coach`: a spec-coach proposal the app delegated on the person's behalf; `watch`: an event a watch took in. */
export const delegationSource = pgEnum('delegation_source', ['command', 'modal', 'dm', 'schedule', 'coach', 'watch']);

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
