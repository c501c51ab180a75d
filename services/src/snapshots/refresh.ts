import { type Db, SNAPSHOT_CHANNEL, activeHandlerRows, insertSnapshot, latestSnapshotMeta, notify } from '@hookline/db';
import { sql } from 'drizzle-orm';
import { compileSnapshotContent } from './compile';
import type { HandlerCache } from './handler-cache';

// Serialises snapshot compilation across processes, so two refreshes never store the same content twice.
const SNAPSHOT_LOCK_ID = 7_311_042_120;

/**
 * Compiles the enabled handlers and stores a new snapshot only when the content changed; the new version is
 * announced to every listening worker on commit, and offered at once to this process's own store.
 */
export async function refreshSnapshot(
  db: Db,
  handlerCache: HandlerCache,
  { reason, now }: { reason: string; now: Date }
): Promise<{ version: number; changed: boolean }> {
  const stored = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SNAPSHOT_LOCK_ID})`);
    const content = compileSnapshotContent(await activeHandlerRows(tx), now);
    const latest = await latestSnapshotMeta(tx);
    if (latest && latest.hash === content.hash) return { version: latest.version, changed: false, row: null };
    const row = await insertSnapshot(tx, { hash: content.hash, handlers: content.handlers, reason });
    // Delivered on commit, to every worker listening.
    await notify(tx, SNAPSHOT_CHANNEL, String(row.version));
    return { version: row.version, changed: true, row: { ...row, handlers: content.handlers } };
  });
  if (stored.row) {
    handlerCache.offer({
      version: stored.row.version,
      hash: stored.row.hash,
      createdAt: stored.row.createdAt.toISOString(),
      handlers: stored.row.handlers,
    });
  }
  return { version: stored.version, changed: stored.changed };
}
