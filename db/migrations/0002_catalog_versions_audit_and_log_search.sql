DROP INDEX "audit_log_handler_idx";--> statement-breakpoint
ALTER TABLE "event_types" ADD COLUMN "group" text DEFAULT 'Custom' NOT NULL;--> statement-breakpoint
ALTER TABLE "event_types" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "event_types" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_log_handler_at_idx" ON "audit_log" USING btree ("handler_id","at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "execution_logs_handler_status_started_idx" ON "execution_logs" USING btree ("handler_id","status","started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "execution_logs_search_trgm_idx" ON "execution_logs" USING gin ((coalesce("request"::text, '') || ' ' || coalesce("response_headers"::text, '') || ' ' || coalesce("response_body", '') || ' ' || coalesce("error", '')) gin_trgm_ops);