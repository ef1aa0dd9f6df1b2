ALTER TYPE "public"."delegation_source" ADD VALUE 'watch';--> statement-breakpoint
CREATE TABLE "watch_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"watch_id" uuid NOT NULL,
	"event_key" text NOT NULL,
	"status" text NOT NULL,
	"summary" jsonb NOT NULL,
	"notifications" integer DEFAULT 1 NOT NULL,
	"work_item_id" uuid,
	"resolved_at" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "watches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" text NOT NULL,
	"team_id" text,
	"key" text NOT NULL,
	"source_kind" text NOT NULL,
	"repo" text,
	"agent" text NOT NULL,
	"filters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"channel_id" text,
	"state" "schedule_state" DEFAULT 'active' NOT NULL,
	"hourly_limit" integer DEFAULT 20 NOT NULL,
	"storm_channel_id" text,
	"storm_ts" text,
	"storm_since" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"delivery_id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "watch_events" ADD CONSTRAINT "watch_events_watch_id_watches_id_fk" FOREIGN KEY ("watch_id") REFERENCES "public"."watches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watch_events" ADD CONSTRAINT "watch_events_work_item_id_work_items_id_fk" FOREIGN KEY ("work_item_id") REFERENCES "public"."work_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "watch_events_key_idx" ON "watch_events" USING btree ("watch_id","event_key");--> statement-breakpoint
CREATE INDEX "watch_events_waiting_idx" ON "watch_events" USING btree ("status","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "watches_owner_key_idx" ON "watches" USING btree ("owner_id","key");--> statement-breakpoint
CREATE INDEX "watches_repo_idx" ON "watches" USING btree ("source_kind","repo");