ALTER TABLE "people" ADD COLUMN "time_zone" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "digest_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "digest_time" text DEFAULT '09:00' NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "digest_days" text DEFAULT 'weekdays' NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "digest_channel" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "digest_empty" text DEFAULT 'line' NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "stale_hours" integer DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "reminded_at" timestamp with time zone;