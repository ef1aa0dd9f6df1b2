CREATE TABLE "github_etag_cache" (
	"url" text PRIMARY KEY NOT NULL,
	"etag" text NOT NULL,
	"data" jsonb NOT NULL,
	"link" text,
	"checked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "github_etag_cache_checked_idx" ON "github_etag_cache" USING btree ("checked_at");