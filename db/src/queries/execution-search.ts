import { and, eq, gte, lt, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../database';
import { executionLogs, executions, logSearchText, type ExecutionRow } from '../schema';
import { newestFirst } from './keyset';
import { escapeLike } from './like';
import { rareSearchWords } from './log-search';

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

/** `from`, `to` and the cursor, on whichever (started_at, id) pair drives the page. */
function timeRange(search: ExecutionSearch, after: ExecutionKey | null, at: AnyColumn, id: AnyColumn): SQL[] {
  const where: SQL[] = [];
  if (search.from !== undefined) where.push(gte(at, search.from));
  if (search.to !== undefined) where.push(lt(at, search.to));
  if (after) where.push(sql`(${at}, ${id}) < (${after.startedAt}::timestamptz, ${after.id})`);
  return where;
}

/**
 * Executions some attempt of which contains `text`. The trigram index is asked for the rare words
 * of the text only (see log-search.ts), and the whole text is checked on the rows it returns: the
 * materialized CTE keeps that check out of the index scan, where its common trigrams would cost
 * what was saved.
 */
async function textMatch(db: Db, text: string): Promise<SQL> {
  const searched = logSearchText(executionLogs);
  const pattern = `%${escapeLike(text)}%`;
  const words = await rareSearchWords(db, text);
  if (words.length === 0) {
    return sql`${executions.id} in (select ${executionLogs.executionId} from ${executionLogs} where ${searched} ilike ${pattern})`;
  }
  const lookup = and(...words.map((word) => sql`${searched} ilike ${`%${word}%`}`));
  return sql`${executions.id} in (
    with candidate as materialized (
      select ${executionLogs.executionId} as execution_id, ${searched} as searched from ${executionLogs} where ${lookup})
    select execution_id from candidate where searched ilike ${pattern})`;
}

/**
 * Keyset pagination on (started_at desc, id desc): no OFFSET and no count, so a page costs the
 * same at row ten and at row ten million. Served by the `executions_*_started_idx` indexes, or,
 * for one handler's executions, by `execution_logs_handler_execution_idx`.
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
  if (search.text !== undefined) where.push(await textMatch(db, search.text));

  let found: (ExecutionListRow & { exactStartedAt: string })[];
  // An object id or a text picks few executions by itself; otherwise a handler's executions are
  // read in page order from its log index, rather than testing every execution for the handler.
  // The page's limit stays on that read (a join around it would have it planned for every row).
  if (search.handlerId !== undefined && search.objectId === undefined && search.text === undefined) {
    const passes = sql`exists (select 1 from ${executions} where ${executions.id} = ${executionLogs.executionId} and ${and(...where)})`;
    const taken = db
      .selectDistinct({ startedAt: executionLogs.executionStartedAt, id: executionLogs.executionId })
      .from(executionLogs)
      .where(
        and(
          eq(executionLogs.handlerId, search.handlerId),
          ...timeRange(search, page.after, executionLogs.executionStartedAt, executionLogs.executionId),
          ...(where.length > 0 ? [passes] : [])
        )
      )
      .orderBy(...newestFirst(executionLogs.executionStartedAt, executionLogs.executionId))
      .limit(page.limit + 1)
      .as('taken');
    found = await db
      .select(listColumns)
      .from(taken)
      .innerJoin(executions, eq(executions.id, taken.id))
      .orderBy(sql`${taken.startedAt} desc nulls last`, sql`${taken.id} desc nulls last`);
  } else {
    where.push(...timeRange(search, page.after, executions.startedAt, executions.id));
    if (search.handlerId !== undefined) {
      where.push(
        sql`exists (select 1 from ${executionLogs} where ${executionLogs.executionId} = ${executions.id} and ${executionLogs.handlerId} = ${search.handlerId})`
      );
    }
    found = await db
      .select(listColumns)
      .from(executions)
      .where(and(...where))
      .orderBy(...newestFirst(executions.startedAt, executions.id))
      .limit(page.limit + 1);
  }
  const last = found.length > page.limit ? found[page.limit - 1] : undefined;
  return {
    rows: found.slice(0, page.limit).map(({ exactStartedAt: _, ...row }) => row),
    next: last ? { startedAt: last.exactStartedAt, id: last.id } : null,
  };
}
