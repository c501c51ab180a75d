import { and, eq, gte, lt, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../database';
import {
  ATTEMPT_NEAR_EXECUTION_MS,
  distantAttempt,
  executionLogs,
  executions,
  logSearchText,
  type ExecutionRow,
} from '../schema';
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
export type ExecutionListRow = Omit<ExecutionRow, 'payload' | 'error' | 'orderingKey' | 'sequenced'>;

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
  /** With a text: how attempts far from their execution's start are found (see `textMatch`). */
  distant: 'listed' | 'read' | null;
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

/** How a search finds what it looks up in the trigram index: its rare words, or else the whole text. */
function textLookup(words: ('like' | 'ilike')[]): SQL | undefined {
  const searched = logSearchText(executionLogs);
  return words.length === 0
    ? sql`${searched} ilike ${p('pattern')}`
    : and(...words.map((match, i) => sql`${searched} ${sql.raw(match)} ${p(`word${i}`)}`));
}

/** Attempts of the executions of the window (`windowFrom` ≤ execution started_at < `windowTo`). */
const ofWindow = () =>
  sql`${executionLogs.executionStartedAt} >= ${p('windowFrom')}::timestamptz and ${executionLogs.executionStartedAt} < ${p('windowTo')}::timestamptz`;

/**
 * Executions of the window some attempt of which contains the text. The trigram index is asked for the rare words
 * of the text only (see log-search.ts), and the whole text is checked on the rows it returns: the materialized CTE
 * keeps that check out of the index scan, where its common trigrams would cost what was saved.
 *
 * The attempts of the window's executions are read from the day partitions of the window widened by
 * `ATTEMPT_NEAR_EXECUTION` (`scanFrom`, `scanTo`): the page reads the candidates of a few days instead of the whole
 * log's, and the planner plans those partitions only. Those that started further from their execution are found
 * through the partial index that holds them only (`distantAttempt`): `listed`, their executions were found before
 * the windows (`buildDistantMatches`), and come as the JSON array `distant`; `read`, they are read here (on every day
 * partition's copy of that index, which at 39 partitions took about 3 ms more to plan each time).
 */
function textMatch(words: ('like' | 'ilike')[], distant: 'listed' | 'read'): SQL {
  const searched = logSearchText(executionLogs);
  const lookup = textLookup(words);
  const near = sql`${executionLogs.startedAt} >= ${p('scanFrom')}::timestamptz and ${executionLogs.startedAt} < ${p('scanTo')}::timestamptz`;
  const columns =
    words.length === 0
      ? sql`${executionLogs.executionId} as execution_id`
      : sql`${executionLogs.executionId} as execution_id, ${searched} as searched`;
  const attempts =
    distant === 'listed'
      ? sql`select ${columns} from ${executionLogs} where ${near} and ${ofWindow()} and ${lookup}`
      : sql`select ${columns} from ${executionLogs} where ${near} and ${ofWindow()} and ${lookup}
            union all
            select ${columns} from ${executionLogs} where ${distantAttempt(executionLogs)} and ${ofWindow()} and ${lookup}`;
  const found =
    words.length === 0
      ? attempts
      : sql`with candidate as materialized (${attempts}) select execution_id from candidate where searched ilike ${p('pattern')}`;
  return distant === 'listed'
    ? sql`${executions.id} in (${found} union all select jsonb_array_elements_text(${p('distant')}::jsonb))`
    : sql`${executions.id} in (${found})`;
}

/**
 * The executions of the window with an attempt far from their start (see `distantAttempt`) that contains the text,
 * at most `limit`. Its plan does not depend on the window, so PostgreSQL keeps one for every search.
 */
function buildDistantMatches(db: Db, words: ('like' | 'ilike')[]) {
  const searched = logSearchText(executionLogs);
  return db
    .selectDistinct({ id: executionLogs.executionId })
    .from(executionLogs)
    .where(
      and(
        distantAttempt(executionLogs),
        ofWindow(),
        textLookup(words),
        ...(words.length === 0 ? [] : [sql`${searched} ilike ${p('pattern')}`])
      )
    )
    .limit(p('limit'))
    .prepare('search_distant_attempts');
}

function buildSearch(db: Db, has: SearchShape) {
  const where: SQL[] = [];
  if (has.status) where.push(eq(executions.status, p('status')));
  if (has.eventType) where.push(eq(executions.eventType, p('eventType')));
  if (has.objectId) where.push(eq(executions.objectId, p('objectId')));
  if (has.textWords !== null) {
    where.push(
      gte(executions.startedAt, sql`${p('windowFrom')}::timestamptz`),
      lt(executions.startedAt, sql`${p('windowTo')}::timestamptz`),
      textMatch(has.textWords, has.distant ?? 'read')
    );
  }
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

const DAY_MS = 86_400_000;
/** The first window of a text search: two days of executions. */
const FIRST_WINDOW_MS = 2 * DAY_MS;
/** Each later window is at most this many times the one before. */
const MAX_GROWTH = 8;
/** Executions with a distant attempt matching the text that are passed to the windows as a list, at most. */
const MAX_LISTED_DISTANT = 1000;

type FoundRow = ExecutionListRow & { exactStartedAt: string };
type Execute<T> = { execute(values: Record<string, unknown>): Promise<T[]> };

/** A bound of a window: null is no bound. */
const bound = (ms: number | null, none: 'infinity' | '-infinity') => (ms === null ? none : new Date(ms).toISOString());

/**
 * Keyset pagination on (started_at desc, id desc): no OFFSET and no count, so a page costs the
 * same at row ten and at row ten million. Served by the `executions_*_started_idx` indexes, or,
 * for one handler's executions, by `execution_logs_handler_execution_idx`.
 *
 * A text search goes back in time window by window (see `textMatch`) from the page's start, each window asked for
 * what the page still lacks, and stops once the page is full: a page reads the candidates of the days it shows
 * rather than those of the whole log. The windows cover the time before the page's start without gap or overlap,
 * the last one reaching back without bound, so the rows and their order are those of one query over everything.
 */
export async function searchExecutions(
  db: Db,
  search: ExecutionSearch,
  page: { after: ExecutionKey | null; limit: number }
): Promise<ExecutionSearchPage> {
  const words = search.text === undefined ? [] : await rareSearchWords(db, search.text);
  const textWords = search.text === undefined ? null : words.map((word) => (/^[0-9]+$/.test(word) ? 'like' : 'ilike'));
  const values: Record<string, unknown> = {
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
  };
  // A text search's windows end at the page's start: the cursor (to the millisecond above it) or `to`, whichever
  // comes first; without either, the first window has no end.
  const afterMs = page.after === null ? null : Math.floor(Date.parse(page.after.startedAt)) + 1;
  const toMs = search.to?.getTime() ?? null;
  const end = afterMs === null ? toMs : toMs === null ? afterMs : Math.min(afterMs, toMs);
  let distant: SearchShape['distant'] = null;
  if (textWords !== null) {
    const distantMatches = builtOnce(db, `searchDistantAttempts ${JSON.stringify(textWords)}`, () =>
      buildDistantMatches(db, textWords)
    ) as Execute<{ id: string }>;
    const ids = await distantMatches.execute({
      ...values,
      windowFrom: bound(search.from?.getTime() ?? null, '-infinity'),
      windowTo: bound(end, 'infinity'),
      limit: MAX_LISTED_DISTANT + 1,
    });
    if (ids.length <= MAX_LISTED_DISTANT) {
      distant = 'listed';
      values['distant'] = JSON.stringify(ids.map((r) => r.id));
    } else distant = 'read';
  }
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
    textWords,
    distant,
  };
  const query = builtOnce(db, `searchExecutions ${JSON.stringify(has)}`, () =>
    buildSearch(db, has)
  ) as Execute<FoundRow>;
  const wanted = page.limit + 1;
  const found =
    textWords === null
      ? await query.execute({ ...values, limit: wanted })
      : await searchByWindows(db, query, values, wanted, end, search.from?.getTime() ?? null);
  const last = found.length > page.limit ? found[page.limit - 1] : undefined;
  return {
    rows: found.slice(0, page.limit).map(({ exactStartedAt: _, ...row }) => row),
    next: last ? { startedAt: last.exactStartedAt, id: last.id } : null,
  };
}

/**
 * Runs a text search over consecutive windows of executions' started_at, newest first from `end` (null: no end),
 * until `wanted` rows are found, the window reaches `from`, or no execution is older. A window that finds too few is
 * followed by a longer one, sized from how many the windows so far found per unit of time.
 */
async function searchByWindows(
  db: Db,
  query: Execute<FoundRow>,
  values: Record<string, unknown>,
  wanted: number,
  firstEnd: number | null,
  fromMs: number | null
): Promise<FoundRow[]> {
  const now = Date.now();
  let end = firstEnd;
  let span = FIRST_WINDOW_MS;
  let covered = 0;
  let oldest: number | null | undefined;
  const found: FoundRow[] = [];
  for (;;) {
    let start: number | null = (end ?? now) - span;
    let last = false;
    if (fromMs !== null && start <= fromMs) {
      start = fromMs;
      last = true;
    } else if (covered > 0) {
      // Past the oldest execution, the window reaches back without bound (an execution written meanwhile with an
      // older start is found all the same): it is the last. The first window does not ask, as most pages end in it.
      oldest ??= await oldestStart(db);
      if (oldest === null || start <= oldest) {
        start = null;
        last = true;
      }
    }
    const rows = await query.execute({
      ...values,
      windowFrom: bound(start, '-infinity'),
      windowTo: bound(end, 'infinity'),
      scanFrom: bound(start === null ? null : start - ATTEMPT_NEAR_EXECUTION_MS, '-infinity'),
      scanTo: bound(end === null ? null : end + ATTEMPT_NEAR_EXECUTION_MS, 'infinity'),
      limit: wanted - found.length,
    });
    found.push(...rows);
    if (found.length >= wanted || last || start === null) return found;
    covered += (end ?? now) - start;
    // Enough time, at the rate found so far, for what is still wanted, and half again.
    const needed = found.length === 0 ? Infinity : ((wanted - found.length) * covered * 1.5) / found.length;
    span = Math.min(span * MAX_GROWTH, Math.max(span, needed));
    end = start;
  }
}

/** started_at of the oldest execution (the first entry of `executions_started_idx`), or null when there is none. */
async function oldestStart(db: Db): Promise<number | null> {
  const [row] = await db
    .select({ at: executions.startedAt })
    .from(executions)
    .orderBy(sql`${executions.startedAt} asc nulls first`, sql`${executions.id} asc nulls first`)
    .limit(1);
  return row ? row.at.getTime() : null;
}
