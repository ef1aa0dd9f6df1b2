CREATE TYPE "public"."delegation_source" AS ENUM('command', 'modal', 'dm');--> statement-breakpoint
CREATE TYPE "public"."work_item_status" AS ENUM('queued', 'running', 'awaiting_review', 'refining', 'failed', 'approved', 'rejected', 'cancelled');--> statement-breakpoint
CREATE TABLE "artifacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"work_item_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"spec_name" text NOT NULL,
	"spec_version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"model" text NOT NULL,
	"feedback" text,
	"repaired" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"work_item_id" uuid NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"from_status" "work_item_status",
	"to_status" "work_item_status" NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people" (
	"user_id" text PRIMARY KEY NOT NULL,
	"team_id" text,
	"wip_limit" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rejected_outputs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"work_item_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"raw" text NOT NULL,
	"errors" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" text NOT NULL,
	"team_id" text,
	"agent" text NOT NULL,
	"instructions" text NOT NULL,
	"source" "delegation_source" NOT NULL,
	"channel_id" text NOT NULL,
	"card_channel_id" text,
	"card_ts" text,
	"status" "work_item_status" DEFAULT 'queued' NOT NULL,
	"run_seq" integer DEFAULT 1 NOT NULL,
	"current_version" integer DEFAULT 0 NOT NULL,
	"feedback" text,
	"feedback_version" integer,
	"failure_reason" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"reject_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "artifacts" ADD CONSTRAINT "artifacts_work_item_id_work_items_id_fk" FOREIGN KEY ("work_item_id") REFERENCES "public"."work_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_work_item_id_work_items_id_fk" FOREIGN KEY ("work_item_id") REFERENCES "public"."work_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rejected_outputs" ADD CONSTRAINT "rejected_outputs_work_item_id_work_items_id_fk" FOREIGN KEY ("work_item_id") REFERENCES "public"."work_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_items" ADD CONSTRAINT "work_items_owner_id_people_user_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."people"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "artifacts_item_version_idx" ON "artifacts" USING btree ("work_item_id","version");--> statement-breakpoint
CREATE INDEX "audit_events_item_idx" ON "audit_events" USING btree ("work_item_id","at");--> statement-breakpoint
CREATE INDEX "work_items_owner_status_idx" ON "work_items" USING btree ("owner_id","status","created_at");