import { and, eq, gte, lt, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../database';
import { executionLogs, executions, logSearchText, type ExecutionRow } from '../schema';
import { newestFirst } from './keyset';
import { escapeLike } from './like';
import { rareSearchWords } from './log-search';
import { builtOnce } from './prepared';

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
export type ExecutionListRow = Omit<ExecutionRow, 'payload' | 'error'>;

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

/** Which filters a search has: one prepared query per shape (see prepared.ts). */
interface SearchShape {
  status: boolean;
  eventType: boolean;
  objectId: boolean;
  from: boolean;
  to: boolean;
  after: boolean;
  /** `index`: the handler's executions read from its log index; `exists`: tested per execution. */
  handler: 'none' | 'index' | 'exists';
  /**
   * How each rare word the trigram index is asked for is matched: `like` for digits (which have no
   * case, and LIKE checks the index's candidates in half the time of ILIKE), `ilike` for the rest.
   * Empty for the whole text, null for no text.
   */
  textWords: ('like' | 'ilike')[] | null;
}

const p = (name: string) => sql.placeholder(name);

/** `from`, `to` and the cursor, on whichever (started_at, id) pair drives the page. */
function timeRange(has: SearchShape, at: AnyColumn, id: AnyColumn): SQL[] {
  const where: SQL[] = [];
  if (has.from) where.push(gte(at, sql`${p('from')}::timestamptz`));
  if (has.to) where.push(lt(at, sql`${p('to')}::timestamptz`));
  if (has.after) where.push(sql`(${at}, ${id}) < (${p('afterAt')}::timestamptz, ${p('afterId')})`);
  return where;
}

/**
 * Executions some attempt of which contains the text. The trigram index is asked for the rare
 * words of the text only (see log-search.ts), and the whole text is checked on the rows it
 * returns: the materialized CTE keeps that check out of the index scan, where its common trigrams
 * would cost what was saved.
 */
function textMatch(words: ('like' | 'ilike')[]): SQL {
  const searched = logSearchText(executionLogs);
  if (words.length === 0) {
    return sql`${executions.id} in (select ${executionLogs.executionId} from ${executionLogs} where ${searched} ilike ${p('pattern')})`;
  }
  const lookup = and(...words.map((match, i) => sql`${searched} ${sql.raw(match)} ${p(`word${i}`)}`));
  return sql`${executions.id} in (
    with candidate as materialized (
      select ${executionLogs.executionId} as execution_id, ${searched} as searched from ${executionLogs} where ${lookup})
    select execution_id from candidate where searched ilike ${p('pattern')})`;
}

function buildSearch(db: Db, has: SearchShape) {
  const where: SQL[] = [];
  if (has.status) where.push(eq(executions.status, p('status')));
  if (has.eventType) where.push(eq(executions.eventType, p('eventType')));
  if (has.objectId) where.push(eq(executions.objectId, p('objectId')));
  if (has.textWords !== null) where.push(textMatch(has.textWords));
  if (has.handler === 'index') {
    // The page's limit stays on the read of the log index: a join around it would have that
    // read planned for every entry of the handler.
    const passes = sql`exists (select 1 from ${executions} where ${executions.id} = ${executionLogs.executionId} and ${and(...where)})`;
    const taken = db
      .selectDistinct({ startedAt: executionLogs.executionStartedAt, id: executionLogs.executionId })
      .from(executionLogs)
      .where(
        and(
          eq(executionLogs.handlerId, p('handlerId')),
          ...timeRange(has, executionLogs.executionStartedAt, executionLogs.executionId),
          ...(where.length > 0 ? [passes] : [])
        )
      )
      .orderBy(...newestFirst(executionLogs.executionStartedAt, executionLogs.executionId))
      .limit(p('limit'))
      .as('taken');
    return db
      .select(listColumns)
      .from(taken)
      .innerJoin(executions, eq(executions.id, taken.id))
      .orderBy(sql`${taken.startedAt} desc nulls last`, sql`${taken.id} desc nulls last`)
      .prepare('search_executions');
  }
  where.push(...timeRange(has, executions.startedAt, executions.id));
  if (has.handler === 'exists') {
    where.push(
      sql`exists (select 1 from ${executionLogs} where ${executionLogs.executionId} = ${executions.id} and ${executionLogs.handlerId} = ${p('handlerId')})`
    );
  }
  return db
    .select(listColumns)
    .from(executions)
    .where(and(...where))
    .orderBy(...newestFirst(executions.startedAt, executions.id))
    .limit(p('limit'))
    .prepare('search_executions');
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
  const words = search.text === undefined ? [] : await rareSearchWords(db, search.text);
  const has: SearchShape = {
    status: search.status !== undefined,
    eventType: search.eventType !== undefined,
    objectId: search.objectId !== undefined,
    from: search.from !== undefined,
    to: search.to !== undefined,
    after: page.after !== null,
    // An object id or a text picks few executions by itself; otherwise a handler's executions are
    // read in page order from its log index, rather than testing every execution for the handler.
    handler:
      search.handlerId === undefined
        ? 'none'
        : search.objectId === undefined && search.text === undefined
          ? 'index'
          : 'exists',
    textWords: search.text === undefined ? null : words.map((word) => (/^[0-9]+$/.test(word) ? 'like' : 'ilike')),
  };
  const query = builtOnce(db, `searchExecutions ${JSON.stringify(has)}`, () => buildSearch(db, has));
  const found = await query.execute({
    status: search.status,
    eventType: search.eventType,
    objectId: search.objectId,
    handlerId: search.handlerId,
    from: search.from?.toISOString(),
    to: search.to?.toISOString(),
    afterAt: page.after?.startedAt,
    afterId: page.after?.id,
    pattern: search.text === undefined ? undefined : `%${escapeLike(search.text)}%`,
    ...Object.fromEntries(words.map((word, i) => [`word${i}`, `%${word}%`])),
    limit: page.limit + 1,
  });
  const last = found.length > page.limit ? found[page.limit - 1] : undefined;
  return {
    rows: found.slice(0, page.limit).map(({ exactStartedAt: _, ...row }) => row),
    next: last ? { startedAt: last.exactStartedAt, id: last.id } : null,
  };
}
