CREATE TABLE "evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"work_item_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"via" text NOT NULL,
	"ref" text NOT NULL,
	"label" text NOT NULL,
	"url" text,
	"aliases" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	"since" timestamp with time zone,
	"bytes" integer NOT NULL,
	"items" integer NOT NULL,
	"truncated" boolean DEFAULT false NOT NULL,
	"digest" text,
	"problem" jsonb
);
--> statement-breakpoint
ALTER TABLE "artifacts" ADD COLUMN "unread_citations" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_work_item_id_work_items_id_fk" FOREIGN KEY ("work_item_id") REFERENCES "public"."work_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_item_version_seq_idx" ON "evidence" USING btree ("work_item_id","version","seq");