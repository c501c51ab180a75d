import { activeHandlerRows, latestSnapshotMeta } from '@hookline/db';
import { compileSnapshotContent } from '@hookline/services';
import type { CacheStatus } from '@hookline/domain';
import type { ApiDeps } from '../deps';

/**
 * Compiles what a refresh would store and compares hashes, with the very function the refresh
 * uses, so "pending" can never disagree with what publishing would do.
 */
export async function cacheStatus({ database, hookline, log }: ApiDeps): Promise<CacheStatus> {
  const [meta, rows] = await Promise.all([latestSnapshotMeta(database.db), activeHandlerRows(database.db)]);
  const compiled = compileSnapshotContent(rows, new Date());
  const pendingChanges = meta ? meta.hash !== compiled.hash : compiled.handlers.length > 0;
  let nextRefreshAt: string | null = null;
  try {
    nextRefreshAt = await hookline.nextRefreshAt();
  } catch (err) {
    // The status is still worth showing without the countdown (Temporal down, schedule not yet made).
    if (err instanceof Error && err.name === 'ScheduleNotFoundError') log.debug('no handler cache schedule yet');
    else log.warn({ err }, 'could not read the handler cache schedule');
  }
  return {
    version: meta?.version ?? null,
    refreshedAt: meta?.createdAt.toISOString() ?? null,
    nextRefreshAt,
    pendingChanges,
  };
}
