-- The failing-handler policy: why the system last changed a handler's status, and since when it is marked failing.
ALTER TABLE "handlers" ADD COLUMN "status_reason" text;--> statement-breakpoint
ALTER TABLE "handlers" ADD COLUMN "failing_since" timestamp with time zone;