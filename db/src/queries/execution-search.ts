import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database';
import { executionLogs, executions, logSearchText, type ExecutionRow } from '../schema';
import { newestFirst } from './keyset';
import { escapeLike } from './like';

export interface ExecutionSearch {
  status?: ExecutionRow['status'] | undefined;
  eventType?: string | undefined;
  objectId?: string | undefined;
  /** Executions in which this handler has at least one logged attempt. */
  handlerId?: number | undefined;
  /** Inclusive lower and exclusive upper bound on `started_at`. */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Case-insensitive substring of any attempt's request, response or error (trigram-indexed). */
  text?: string | undefined;
}

/**
 * A position in the newest-first order. `startedAt` is PostgreSQL's exact text (microseconds):
 * a JavaScript Date keeps milliseconds only, and a truncated key would skip rows on the boundary.
 */
export interface ExecutionKey {
  startedAt: string;
  id: string;
}

/** An execution as lists show it: everything but the payload, which only the detail view needs. */
export type ExecutionListRow = Omit<ExecutionRow, 'payload'>;

export interface ExecutionSearchPage {
  rows: ExecutionListRow[];
  /** Key of the last row when more rows follow, else null. */
  next: ExecutionKey | null;
}

const listColumns = {
  id: executions.id,
  eventId: executions.eventId,
  eventType: executions.eventType,
  objectId: executions.objectId,
  status: executions.status,
  snapshotVersion: executions.snapshotVersion,
  workflowId: executions.workflowId,
  runId: executions.runId,
  replayOf: executions.replayOf,
  startedAt: executions.startedAt,
  finishedAt: executions.finishedAt,
  handlersTotal: executions.handlersTotal,
  succeeded: executions.succeeded,
  failed: executions.failed,
  skipped: executions.skipped,
  exactStartedAt: sql<string>`to_char(${executions.startedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
};

/**
 * Keyset pagination on (started_at desc, id desc), served by the `executions_*_started_idx`
 * indexes: no OFFSET and no count, so a page costs the same at row ten and at row ten million.
 */
export async function searchExecutions(
  db: Db,
  search: ExecutionSearch,
  page: { after: ExecutionKey | null; limit: number }
): Promise<ExecutionSearchPage> {
  const where: SQL[] = [];
  if (search.status !== undefined) where.push(eq(executions.status, search.status));
  if (search.eventType !== undefined) where.push(eq(executions.eventType, search.eventType));
  if (search.objectId !== undefined) where.push(eq(executions.objectId, search.objectId));
  if (search.from !== undefined) where.push(gte(executions.startedAt, search.from));
  if (search.to !== undefined) where.push(lt(executions.startedAt, search.to));
  if (search.handlerId !== undefined) {
    where.push(
      sql`exists (select 1 from ${executionLogs} where ${executionLogs.executionId} = ${executions.id} and ${executionLogs.handlerId} = ${search.handlerId})`
    );
  }
  if (search.text !== undefined) {
    const pattern = `%${escapeLike(search.text)}%`;
    where.push(
      sql`${executions.id} in (select ${executionLogs.executionId} from ${executionLogs} where ${logSearchText(executionLogs)} ilike ${pattern})`
    );
  }
  if (page.after) {
    where.push(
      sql`(${executions.startedAt}, ${executions.id}) < (${page.after.startedAt}::timestamptz, ${page.after.id})`
    );
  }
  const found = await db
    .select(listColumns)
    .from(executions)
    .where(and(...where))
    .orderBy(...newestFirst(executions.startedAt, executions.id))
    .limit(page.limit + 1);
  const last = found.length > page.limit ? found[page.limit - 1] : undefined;
  return {
    rows: found.slice(0, page.limit).map(({ exactStartedAt: _, ...row }) => row),
    next: last ? { startedAt: last.exactStartedAt, id: last.id } : null,
  };
}
