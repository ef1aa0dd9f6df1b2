ALTER TABLE "work_items" ADD COLUMN "source_ref" text;--> statement-breakpoint
CREATE UNIQUE INDEX "work_items_source_ref_idx" ON "work_items" USING btree ("source_ref");