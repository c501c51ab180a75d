import { and, asc, inArray, isNotNull, lt, ne } from 'drizzle-orm';
import type { Db } from '../database';
import { executionLogs, executions } from '../schema';

/**
 * Deletes up to `limit` executions that finished before `before`, those that finished first first (through
 * `executions_finished_idx`), and their attempt rows in the same transaction (there is no cascade: see the schema).
 * Running executions are never touched. Most of their
 * attempt rows are gone already with their day's partition (`dropExpiredLogPartitions` runs first); what is left
 * (the day of the cut-off, rows of kept executions moved to the default partition) is found by execution id.
 */
export async function deleteFinishedExecutions(db: Db, before: Date, limit: number): Promise<number> {
  return db.transaction(async (tx) => {
    const batch = tx
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
      .orderBy(asc(executions.finishedAt))
      .limit(limit);
    const deleted = await tx.delete(executions).where(inArray(executions.id, batch)).returning({ id: executions.id });
    if (deleted.length === 0) return 0;
    await tx.delete(executionLogs).where(
      inArray(
        executionLogs.executionId,
        deleted.map((d) => d.id)
      )
    );
    return deleted.length;
  });
}
