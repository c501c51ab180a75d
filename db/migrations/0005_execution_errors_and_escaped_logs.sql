ALTER TABLE "execution_logs" ADD COLUMN "escaped" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "executions" ADD COLUMN "error" text;