-- Nothing queries attempts by status alone (a handler's failed attempts use execution_logs_handler_status_started_idx).
DROP INDEX "execution_logs_status_started_idx";--> statement-breakpoint
-- execution_logs.execution_started_at is a copy of the execution's started_at, written by this trigger on every insert
-- (whatever the writer gave), so that it cannot disagree with executions; started_at never changes once written.
CREATE FUNCTION "execution_logs_copy_execution_started_at"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.execution_started_at := (SELECT e.started_at FROM executions e WHERE e.id = NEW.execution_id);
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "execution_logs_execution_started_at" BEFORE INSERT ON "execution_logs"
  FOR EACH ROW EXECUTE FUNCTION "execution_logs_copy_execution_started_at"();--> statement-breakpoint
ALTER TABLE "execution_logs" ADD COLUMN "execution_started_at" timestamp with time zone;--> statement-breakpoint
UPDATE "execution_logs" l SET "execution_started_at" = e.started_at FROM "executions" e WHERE e.id = l.execution_id;--> statement-breakpoint
ALTER TABLE "execution_logs" ALTER COLUMN "execution_started_at" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "execution_logs_handler_execution_idx" ON "execution_logs" USING btree ("handler_id","execution_started_at" DESC NULLS LAST,"execution_id" DESC NULLS LAST);
