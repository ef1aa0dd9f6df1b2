ALTER TABLE "artifacts" ADD COLUMN "run_seq" integer;--> statement-breakpoint
ALTER TABLE "work_items" ADD COLUMN "resumed_run_seq" integer;