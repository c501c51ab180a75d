import { and, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../database';
import { executionLogs, executions } from '../schema';
import { rowsOf } from './raw-rows';

const DAY_MS = 86_400_000;

/** Days created ahead of today, so that a stopped schedule leaves a week before rows land in the default partition. */
export const LOG_PARTITION_DAYS_AHEAD = 7;

// An attempt starts after its execution, but the two times come from different clocks (the database's and the
// worker's): an execution started this long after a day ended may still have attempts in that day.
const CLOCK_SKEW_MARGIN_MS = 3_600_000;

// Dropping a partition waits for the list queries reading it; bounded, so that writers do not queue behind a
// long wait for the lock. The activity's retry tries again.
const DROP_LOCK_TIMEOUT = '5s';

const KEPT_IDS_PER_STATEMENT = 10_000;

const PARTITION_NAME = /^execution_logs_p(\d{4})(\d{2})(\d{2})$/;

/** One day partition of `execution_logs`: rows with `day <= started_at < day + 1 day` (UTC). */
export interface LogPartition {
  name: string;
  day: Date;
}

function utcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

function isoDate(day: Date): string {
  return day.toISOString().slice(0, 10);
}

/**
 * Creates the day partitions from the day of `from` to `daysAhead` days after it that do not exist yet, moving
 * in any of their rows the default partition holds (`execution_logs_ensure_partitions`, migration 0006). Returns how
 * many it created.
 */
export async function ensureLogPartitions(
  db: Db,
  from: Date,
  daysAhead: number = LOG_PARTITION_DAYS_AHEAD
): Promise<number> {
  const first = utcDay(from);
  const last = new Date(first.getTime() + daysAhead * DAY_MS);
  const result = await db.execute(
    sql`select execution_logs_ensure_partitions(${isoDate(first)}::date, ${isoDate(last)}::date) as created`
  );
  return Number(rowsOf<{ created: number | string }>(result)[0]?.created ?? 0);
}

/** The day partitions, oldest first (the default partition is not one of them). */
export async function listLogPartitions(db: Db): Promise<LogPartition[]> {
  const result = await db.execute(sql`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'execution_logs'::regclass`);
  return rowsOf<{ name: string }>(result)
    .flatMap(({ name }) => {
      const m = PARTITION_NAME.exec(name);
      return m ? [{ name, day: new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`) }] : [];
    })
    .sort((a, b) => a.day.getTime() - b.day.getTime());
}

/**
 * Drops the day partitions that ended before the day of `before` began, with their rows. The attempts in them of
 * executions that retention keeps (still running, or finished after `before`; the same test as
 * `deleteFinishedExecutions`) are first moved to the default partition, where they are deleted with their execution
 * later. Every row of the other executions that started before such a day ended lies in it or an older one, so
 * those executions are left without attempts until `deleteFinishedExecutions` removes them, in the same retention run.
 */
export async function dropExpiredLogPartitions(db: Db, before: Date): Promise<string[]> {
  const cutoff = utcDay(before);
  const expired = (await listLogPartitions(db)).filter((p) => p.day.getTime() + DAY_MS <= cutoff.getTime());
  const dropped: string[] = [];
  for (const partition of expired) {
    const end = new Date(partition.day.getTime() + DAY_MS + CLOCK_SKEW_MARGIN_MS);
    // Found before taking the lock, so that writers wait only for the detach, the move and the drop.
    const kept = await db
      .select({ id: executions.id })
      .from(executions)
      .where(
        and(
          lt(executions.startedAt, end),
          sql`not (${executions.finishedAt} is not null and ${executions.finishedAt} < ${before.toISOString()}::timestamptz and ${executions.status} <> 'running')`
        )
      );
    const keptIds = kept.map((k) => k.id);
    const table = sql.identifier(partition.name);
    await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local lock_timeout = '${DROP_LOCK_TIMEOUT}'`));
      await tx.execute(sql`alter table ${executionLogs} detach partition ${table}`);
      // Detached, the day has no partition of its own any more: these rows go to the default one. In chunks, to
      // stay far below the limit on a statement's parameters.
      for (let i = 0; i < keptIds.length; i += KEPT_IDS_PER_STATEMENT) {
        const chunk = keptIds.slice(i, i + KEPT_IDS_PER_STATEMENT);
        await tx.execute(
          sql`insert into ${executionLogs} select * from ${table} where ${inArray(sql`execution_id`, chunk)}`
        );
      }
      await tx.execute(sql`drop table ${table}`);
    });
    dropped.push(partition.name);
  }
  return dropped;
}
