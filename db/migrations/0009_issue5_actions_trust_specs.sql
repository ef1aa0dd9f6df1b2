CREATE TYPE "public"."action_status" AS ENUM('planned', 'queued', 'running', 'succeeded', 'failed', 'skipped', 'undone');--> statement-breakpoint
CREATE TYPE "public"."autonomy_level" AS ENUM('observe', 'propose', 'act');--> statement-breakpoint
ALTER TYPE "public"."delegation_source" ADD VALUE 'coach';--> statement-breakpoint
ALTER TYPE "public"."work_item_status" ADD VALUE 'acting';--> statement-breakpoint
ALTER TYPE "public"."work_item_status" ADD VALUE 'completed';--> statement-breakpoint
CREATE TABLE "agent_trust" (
	"user_id" text NOT NULL,
	"agent" text NOT NULL,
	"level" "autonomy_level" DEFAULT 'propose' NOT NULL,
	"streak" integer DEFAULT 0 NOT NULL,
	"approvals" integer DEFAULT 0 NOT NULL,
	"refines" integer DEFAULT 0 NOT NULL,
	"rejects" integer DEFAULT 0 NOT NULL,
	"undos" integer DEFAULT 0 NOT NULL,
	"level_reason" text,
	"level_changed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_trust_user_id_agent_pk" PRIMARY KEY("user_id","agent")
);
--> statement-breakpoint
CREATE TABLE "item_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"work_item_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb NOT NULL,
	"selected" boolean DEFAULT true NOT NULL,
	"status" "action_status" DEFAULT 'planned' NOT NULL,
	"run_seq" integer DEFAULT 0 NOT NULL,
	"claimed_at" timestamp with time zone,
	"assignee_id" text,
	"result" jsonb,
	"error" text,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spec_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agent" text NOT NULL,
	"version" integer NOT NULL,
	"owner_id" text,
	"base_version" integer NOT NULL,
	"constraints" jsonb NOT NULL,
	"change" text NOT NULL,
	"source" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "auto_approved" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "completed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "publish_channel_id" text;--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "about_agent" text;--> statement-breakpoint
ALTER TABLE "item_actions" ADD CONSTRAINT "item_actions_work_item_id_work_items_id_fk" FOREIGN KEY ("work_item_id") REFERENCES "public"."work_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "item_actions_key_idx" ON "item_actions" USING btree ("work_item_id","version","key");--> statement-breakpoint
CREATE INDEX "item_actions_assignee_idx" ON "item_actions" USING btree ("assignee_id","finished_at");--> statement-breakpoint
CREATE UNIQUE INDEX "spec_versions_agent_version_idx" ON "spec_versions" USING btree ("agent","version");--> statement-breakpoint
CREATE INDEX "spec_versions_owner_idx" ON "spec_versions" USING btree ("agent","owner_id");