import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database';
import { executionLogs, type ExecutionLogRow } from '../schema';
import { exactTimestamp, newestFirst, toPage, type KeysetPage, type KeysetPosition } from './keyset';
import { builtOnce } from './prepared';

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
  const has = {
    status: filter.status !== undefined,
    from: filter.from !== undefined,
    to: filter.to !== undefined,
    after: page.after !== null,
  };
  const query = builtOnce(db, `handlerAttempts ${JSON.stringify(has)}`, () => {
    const where: SQL[] = [eq(executionLogs.handlerId, sql.placeholder('handlerId'))];
    if (has.status) where.push(eq(executionLogs.status, sql.placeholder('status')));
    if (has.from) where.push(gte(executionLogs.startedAt, sql`${sql.placeholder('from')}::timestamptz`));
    if (has.to) where.push(lt(executionLogs.startedAt, sql`${sql.placeholder('to')}::timestamptz`));
    if (has.after) {
      where.push(
        sql`(${executionLogs.startedAt}, ${executionLogs.id}) < (${sql.placeholder('afterAt')}::timestamptz, ${sql.placeholder('afterId')}::bigint)`
      );
    }
    return db
      .select({ row: executionLogs, exactAt: exactTimestamp(executionLogs.startedAt) })
      .from(executionLogs)
      .where(and(...where))
      .orderBy(...newestFirst(executionLogs.startedAt, executionLogs.id))
      .limit(sql.placeholder('limit'))
      .prepare('handler_attempts');
  });
  const found = await query.execute({
    handlerId,
    status: filter.status,
    from: filter.from?.toISOString(),
    to: filter.to?.toISOString(),
    afterAt: page.after?.at,
    afterId: page.after?.id,
    limit: page.limit + 1,
  });
  return toPage(
    found,
    page.limit,
    (f) => f.row,
    (f) => ({ at: f.exactAt, id: String(f.row.id) })
  );
}
