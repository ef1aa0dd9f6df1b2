CREATE TYPE "public"."schedule_state" AS ENUM('active', 'paused');--> statement-breakpoint
ALTER TYPE "public"."delegation_source" ADD VALUE 'schedule';--> statement-breakpoint
CREATE TABLE "schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" text NOT NULL,
	"team_id" text,
	"agent" text NOT NULL,
	"instructions" text NOT NULL,
	"channel_id" text NOT NULL,
	"cadence" jsonb NOT NULL,
	"cron" text NOT NULL,
	"time_zone" text NOT NULL,
	"lead_minutes" integer DEFAULT 0 NOT NULL,
	"state" "schedule_state" DEFAULT 'active' NOT NULL,
	"paused_reason" text,
	"last_run_at" timestamp with time zone,
	"deferred_since" timestamp with time zone,
	"deferred_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "schedule_id" uuid;--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "scheduled_for" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "schedules_owner_idx" ON "schedules" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "work_items_schedule_slot_idx" ON "work_items" USING btree ("schedule_id","scheduled_for");