CREATE TABLE "replays" (
	"id" text PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"filter" jsonb NOT NULL,
	"mode" text NOT NULL,
	"handlers" text NOT NULL,
	"concurrency" integer NOT NULL,
	"status" text NOT NULL,
	"total" integer,
	"done" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"requested_by" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "executions_event_replays_idx" ON "executions" USING btree ("event_id") WHERE "executions"."replay_of" is not null;