import { and, eq, notLike, type SQL } from 'drizzle-orm';
import type { Db } from '../database';
import { auditLog } from '../schema';
import { exactTimestamp, newestFirst, olderThan, toPage, type KeysetPage, type KeysetPosition } from './keyset';

export interface AuditEntry {
  actor: string;
  /**
   * `handler.create`, `handler.update`, `handler.delete`, `handler.reorder`, `handler.failing`, `handler.recovered`,
   * `event_type.*`, `api_key.*`
   */
  action: string;
  handlerId: number | null;
  /** What the API shows of the subject; never a secret. */
  before: unknown;
  after: unknown;
}

export type AuditRow = typeof auditLog.$inferSelect;

/** Called with the transaction of the change it records, so there is no change without its entry. */
export async function insertAuditEntry(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values(entry);
}

/** Newest first, keyset on (at, id): served by `audit_log_at_idx` or, per handler, `audit_log_handler_at_idx`. */
export async function listAuditEntries(
  db: Db,
  filter: {
    handlerId?: number | undefined;
    /** False leaves out the `api_key.*` entries (key names and roles), which only admins may list. */
    withApiKeys?: boolean;
  },
  page: { after: KeysetPosition | null; limit: number }
): Promise<KeysetPage<AuditRow>> {
  const where: SQL[] = [];
  if (filter.handlerId !== undefined) where.push(eq(auditLog.handlerId, filter.handlerId));
  if (filter.withApiKeys === false) where.push(notLike(auditLog.action, 'api\\_key.%'));
  if (page.after) where.push(olderThan(auditLog.at, auditLog.id, page.after, 'bigint'));
  const found = await db
    .select({ row: auditLog, exactAt: exactTimestamp(auditLog.at) })
    .from(auditLog)
    .where(and(...where))
    .orderBy(...newestFirst(auditLog.at, auditLog.id))
    .limit(page.limit + 1);
  return toPage(
    found,
    page.limit,
    (f) => f.row,
    (f) => ({ at: f.exactAt, id: String(f.row.id) })
  );
}
