import { and, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../database';
import { executionLogs, type ExecutionLogRow } from '../schema';
import { exactTimestamp, newestFirst, olderThan, toPage, type KeysetPage, type KeysetPosition } from './keyset';

export interface HandlerLogFilter {
  status?: ExecutionLogRow['status'] | undefined;
  /** Inclusive lower and exclusive upper bound on `started_at`. */
  from?: Date | undefined;
  to?: Date | undefined;
}

/**
 * One handler's attempts, newest first, keyset on (started_at, id): served by
 * `execution_logs_handler_started_idx` (or its `_status_` sibling), no OFFSET, no count.
 */
export async function handlerAttempts(
  db: Db,
  handlerId: number,
  filter: HandlerLogFilter,
  page: { after: KeysetPosition | null; limit: number }
): Promise<KeysetPage<ExecutionLogRow>> {
  const where: SQL[] = [eq(executionLogs.handlerId, handlerId)];
  if (filter.status !== undefined) where.push(eq(executionLogs.status, filter.status));
  if (filter.from !== undefined) where.push(gte(executionLogs.startedAt, filter.from));
  if (filter.to !== undefined) where.push(lt(executionLogs.startedAt, filter.to));
  if (page.after) where.push(olderThan(executionLogs.startedAt, executionLogs.id, page.after, 'bigint'));
  const found = await db
    .select({ row: executionLogs, exactAt: exactTimestamp(executionLogs.startedAt) })
    .from(executionLogs)
    .where(and(...where))
    .orderBy(...newestFirst(executionLogs.startedAt, executionLogs.id))
    .limit(page.limit + 1);
  return toPage(
    found,
    page.limit,
    (f) => f.row,
    (f) => ({ at: f.exactAt, id: String(f.row.id) })
  );
}
