import { and, asc, inArray, isNotNull, lt, ne } from 'drizzle-orm';
import type { Db } from '../database';
import { executions } from '../schema';

/**
 * Deletes up to `limit` executions that finished before `before`, oldest first; their attempt
 * rows go with them (foreign key cascade). Running executions are never touched. An execution
 * that finished before `before` also started before it, which lets the started_at index find them.
 */
export async function deleteFinishedExecutions(db: Db, before: Date, limit: number): Promise<number> {
  const batch = db
    .select({ id: executions.id })
    .from(executions)
    .where(
      and(
        lt(executions.startedAt, before),
        isNotNull(executions.finishedAt),
        lt(executions.finishedAt, before),
        ne(executions.status, 'running')
      )
    )
    .orderBy(asc(executions.startedAt))
    .limit(limit);
  const deleted = await db.delete(executions).where(inArray(executions.id, batch)).returning({ id: executions.id });
  return deleted.length;
}
