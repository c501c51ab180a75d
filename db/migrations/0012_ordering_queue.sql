-- Per-object ordering: the events of ordered types not yet finished, numbered in the order the API accepted them.
CREATE TABLE "ordering_queue" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"event_id" text NOT NULL,
	"workflow_id" text NOT NULL,
	"accepted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"running" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "ordering_queue_event_uq" ON "ordering_queue" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "ordering_queue_key_seq_idx" ON "ordering_queue" USING btree ("key","seq");