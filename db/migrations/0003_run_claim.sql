ALTER TABLE "work_items" ADD COLUMN "claimed_run_seq" integer;--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "claimed_at" timestamp with time zone;