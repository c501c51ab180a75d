-- execution_logs becomes a table partitioned by range of started_at, one partition per UTC day, named
-- execution_logs_pYYYYMMDD, plus execution_logs_default for any row no day partition takes (so that no write is
-- ever refused). Retention then drops whole days instead of deleting rows one by one.
--
-- The old table is renamed, its rows copied into the new one, and dropped; the id sequence is kept, so ids go on
-- where they were. The foreign key to executions is not recreated: see the schema (retention removes an execution's
-- attempt rows with it, and the trigger below refuses a row without its execution). The indexes are built once the
-- rows are in, which is quicker than maintaining them row by row.
ALTER TABLE "execution_logs" RENAME TO "execution_logs_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "execution_logs_id_seq" OWNED BY NONE;--> statement-breakpoint
CREATE TABLE "execution_logs" (
	"id" bigint DEFAULT nextval('execution_logs_id_seq') NOT NULL,
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
	"duration_ms" integer DEFAULT 0 NOT NULL,
	"execution_started_at" timestamp with time zone NOT NULL,
	"escaped" boolean DEFAULT false NOT NULL
) PARTITION BY RANGE ("started_at");--> statement-breakpoint
CREATE TABLE "execution_logs_default" PARTITION OF "execution_logs" DEFAULT;--> statement-breakpoint
-- Creates the day partitions from first_day to last_day (UTC days) that do not exist yet; returns how many it made.
-- Rows of such a day already in the default partition (written while the day had none, e.g. when the daily
-- maintenance had stopped) are moved into the new partition, since PostgreSQL refuses to add a partition for rows
-- the default one holds. Run at every start and by the daily retention; the advisory lock makes concurrent callers
-- take turns instead of racing on the same names.
CREATE FUNCTION "execution_logs_ensure_partitions"(first_day date, last_day date) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  day date;
  part text;
  lower_bound timestamptz;
  upper_bound timestamptz;
  created integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(7311042120);
  FOR day IN SELECT d::date FROM generate_series(first_day, last_day, interval '1 day') AS d LOOP
    part := 'execution_logs_p' || to_char(day, 'YYYYMMDD');
    CONTINUE WHEN to_regclass(part) IS NOT NULL;
    lower_bound := day::timestamp AT TIME ZONE 'UTC';
    upper_bound := (day + 1)::timestamp AT TIME ZONE 'UTC';
    IF EXISTS (SELECT 1 FROM "execution_logs_default" WHERE started_at >= lower_bound AND started_at < upper_bound) THEN
      EXECUTE format('CREATE TABLE %I (LIKE "execution_logs" INCLUDING DEFAULTS)', part);
      EXECUTE format('INSERT INTO %I SELECT * FROM "execution_logs_default" WHERE started_at >= %L AND started_at < %L',
        part, lower_bound, upper_bound);
      DELETE FROM "execution_logs_default" WHERE started_at >= lower_bound AND started_at < upper_bound;
      EXECUTE format('ALTER TABLE "execution_logs" ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
        part, lower_bound, upper_bound);
    ELSE
      EXECUTE format('CREATE TABLE %I PARTITION OF "execution_logs" FOR VALUES FROM (%L) TO (%L)',
        part, lower_bound, upper_bound);
    END IF;
    created := created + 1;
  END LOOP;
  RETURN created;
END
$$;--> statement-breakpoint
-- A partition for every day that has rows, and for today and the next seven.
SELECT "execution_logs_ensure_partitions"(
  coalesce((SELECT (min(started_at) AT TIME ZONE 'UTC')::date FROM "execution_logs_unpartitioned"), (now() AT TIME ZONE 'UTC')::date),
  (now() AT TIME ZONE 'UTC')::date + 7
);--> statement-breakpoint
INSERT INTO "execution_logs" ("id", "execution_id", "handler_id", "handler_name", "priority", "attempt", "status",
  "request", "response_status", "response_headers", "response_body", "error", "started_at", "duration_ms",
  "execution_started_at", "escaped")
SELECT "id", "execution_id", "handler_id", "handler_name", "priority", "attempt", "status",
  "request", "response_status", "response_headers", "response_body", "error", "started_at", "duration_ms",
  "execution_started_at", "escaped"
FROM "execution_logs_unpartitioned";--> statement-breakpoint
DROP TABLE "execution_logs_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "execution_logs_id_seq" OWNED BY "execution_logs"."id";--> statement-breakpoint
ALTER TABLE "execution_logs" ADD CONSTRAINT "execution_logs_pkey" PRIMARY KEY("id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "execution_logs_attempt_uq" ON "execution_logs" USING btree ("execution_id","handler_id","attempt","started_at");--> statement-breakpoint
CREATE INDEX "execution_logs_handler_started_idx" ON "execution_logs" USING btree ("handler_id","started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "execution_logs_started_idx" ON "execution_logs" USING btree ("started_at","id");--> statement-breakpoint
CREATE INDEX "execution_logs_handler_execution_idx" ON "execution_logs" USING btree ("handler_id","execution_started_at" DESC NULLS LAST,"execution_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "execution_logs_handler_status_started_idx" ON "execution_logs" USING btree ("handler_id","status","started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "execution_logs_search_trgm_idx" ON "execution_logs" USING gin ((coalesce("request"::text, '') || ' ' || coalesce("response_headers"::text, '') || ' ' || coalesce("response_body", '') || ' ' || coalesce("error", '')) gin_trgm_ops);--> statement-breakpoint
-- The same trigger as before (migration 0004), now on the partitioned table: PostgreSQL clones it onto every
-- partition, present and future.
CREATE TRIGGER "execution_logs_execution_started_at" BEFORE INSERT ON "execution_logs"
  FOR EACH ROW EXECUTE FUNCTION "execution_logs_copy_execution_started_at"();
