CREATE TABLE "api_keys" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"handler_id" integer,
	"before" jsonb,
	"after" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_types" (
	"type" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"schema" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "execution_logs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"execution_id" text NOT NULL,
	"handler_id" integer NOT NULL,
	"handler_name" text NOT NULL,
	"priority" integer NOT NULL,
	"attempt" integer NOT NULL,
	"status" text NOT NULL,
	"request" jsonb,
	"response_status" integer,
	"response_headers" jsonb,
	"response_body" text,
	"error" text,
	"started_at" timestamp with time zone NOT NULL,
	"duration_ms" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "executions" (
	"id" text PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"event_type" text NOT NULL,
	"object_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text NOT NULL,
	"snapshot_version" integer,
	"workflow_id" text NOT NULL,
	"run_id" text,
	"replay_of" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"handlers_total" integer DEFAULT 0 NOT NULL,
	"succeeded" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "handlers" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"event" text NOT NULL,
	"kind" text NOT NULL,
	"target" text NOT NULL,
	"status" text NOT NULL,
	"priority" integer NOT NULL,
	"condition" jsonb,
	"retry" jsonb NOT NULL,
	"timeout_ms" integer NOT NULL,
	"on_failure" text NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"secret" text,
	"previous_secret" text,
	"previous_secret_expires_at" timestamp with time zone,
	"position" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "handler_snapshots" (
	"version" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "handler_snapshots_version_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hash" text NOT NULL,
	"handlers" jsonb NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "execution_logs" ADD CONSTRAINT "execution_logs_execution_id_executions_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_handler_idx" ON "audit_log" USING btree ("handler_id");--> statement-breakpoint
CREATE UNIQUE INDEX "execution_logs_attempt_uq" ON "execution_logs" USING btree ("execution_id","handler_id","attempt");--> statement-breakpoint
CREATE INDEX "execution_logs_handler_started_idx" ON "execution_logs" USING btree ("handler_id","started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "execution_logs_status_started_idx" ON "execution_logs" USING btree ("status","started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "execution_logs_started_idx" ON "execution_logs" USING btree ("started_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "executions_event_original_uq" ON "executions" USING btree ("event_id") WHERE "executions"."replay_of" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "executions_workflow_id_uq" ON "executions" USING btree ("workflow_id");--> statement-breakpoint
CREATE INDEX "executions_started_idx" ON "executions" USING btree ("started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "executions_status_started_idx" ON "executions" USING btree ("status","started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "executions_type_started_idx" ON "executions" USING btree ("event_type","started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "executions_object_started_idx" ON "executions" USING btree ("object_id","started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "executions_replay_of_idx" ON "executions" USING btree ("replay_of");--> statement-breakpoint
CREATE INDEX "handlers_event_priority_idx" ON "handlers" USING btree ("event","priority","id");--> statement-breakpoint
CREATE INDEX "handlers_status_idx" ON "handlers" USING btree ("status") WHERE "handlers"."status" <> 'archived';