import { and, asc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database';
import { executionLogs, executions, replays, type ExecutionRow } from '../schema';

export interface ReplayCandidateFilter {
  status?: Exclude<ExecutionRow['status'], 'running'> | undefined;
  eventType?: string | undefined;
  objectId?: string | undefined;
  /** Executions in which this handler has at least one logged attempt. */
  handlerId?: number | undefined;
  /** Inclusive lower and exclusive upper bound on `started_at`. */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Only executions in which a handler failed or was skipped (replay mode `failed`). */
  withFailures: boolean;
}

/** A position in the oldest-first order; `startedAt` is PostgreSQL's exact text (microseconds). */
export interface CandidatePosition {
  startedAt: string;
  id: string;
}

const exactStartedAt = sql<string>`to_char(${executions.startedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The executions a bulk replay takes, fixed by its row's `created_at`: those that had finished by
 * then, and that had not been replayed by then (a replay stands for the execution it replays, so
 * an event already replayed is not replayed twice over). Replays the bulk replay starts itself
 * begin after the cut-off and never match.
 */
function candidates(runId: string, filter: ReplayCandidateFilter): SQL[] {
  const cutoff = sql`(select ${replays.createdAt} from ${replays} where ${replays.id} = ${runId})`;
  const where: SQL[] = [
    sql`${executions.startedAt} < ${cutoff}`,
    sql`${executions.finishedAt} < ${cutoff}`,
    sql`not exists (select 1 from ${executions} later_run where later_run.replay_of = ${executions.id} and later_run.started_at < ${cutoff})`,
  ];
  if (filter.status !== undefined) where.push(eq(executions.status, filter.status));
  if (filter.eventType !== undefined) where.push(eq(executions.eventType, filter.eventType));
  if (filter.objectId !== undefined) where.push(eq(executions.objectId, filter.objectId));
  if (filter.from !== undefined) where.push(gte(executions.startedAt, filter.from));
  if (filter.to !== undefined) where.push(lt(executions.startedAt, filter.to));
  if (filter.withFailures) where.push(sql`${executions.failed} + ${executions.skipped} > 0`);
  if (filter.handlerId !== undefined) {
    where.push(
      sql`exists (select 1 from ${executionLogs} where ${executionLogs.executionId} = ${executions.id} and ${executionLogs.handlerId} = ${filter.handlerId})`
    );
  }
  return where;
}

export async function countReplayCandidates(db: Db, runId: string, filter: ReplayCandidateFilter): Promise<number> {
  return db.$count(executions, and(...candidates(runId, filter)));
}

/**
 * One page of execution ids, oldest first (provisioning events are best replayed in the order
 * they happened), by keyset on (started_at, id): no OFFSET, so every page costs the same.
 */
export async function replayCandidatePage(
  db: Db,
  runId: string,
  filter: ReplayCandidateFilter,
  page: { after: CandidatePosition | null; limit: number }
): Promise<{ rows: CandidatePosition[]; next: CandidatePosition | null }> {
  const where = candidates(runId, filter);
  if (page.after) {
    where.push(
      sql`(${executions.startedAt}, ${executions.id}) > (${page.after.startedAt}::timestamptz, ${page.after.id})`
    );
  }
  const found = await db
    .select({ id: executions.id, startedAt: exactStartedAt })
    .from(executions)
    .where(and(...where))
    .orderBy(asc(executions.startedAt), asc(executions.id))
    .limit(page.limit + 1);
  const rows = found.slice(0, page.limit);
  const last = found.length > page.limit ? rows.at(-1) : undefined;
  return { rows, next: last ?? null };
}
