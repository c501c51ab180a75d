CREATE TABLE "event_orderings" (
	"type" text PRIMARY KEY NOT NULL,
	"ordering" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "event_types" ADD COLUMN "family" text;--> statement-breakpoint
ALTER TABLE "executions" ADD COLUMN "ordering_key" text;--> statement-breakpoint
ALTER TABLE "executions" ADD COLUMN "sequenced" boolean;