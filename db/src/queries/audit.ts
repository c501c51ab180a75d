import type { Db } from '../database';
import { auditLog } from '../schema';

export interface AuditEntry {
  actor: string;
  /** `handler.create`, `handler.update`, `handler.delete`, `handler.reorder`, … */
  action: string;
  handlerId: number | null;
  /** What the API shows of the subject; never a secret. */
  before: unknown;
  after: unknown;
}

/** Called with the transaction of the change it records, so there is no change without its entry. */
export async function insertAuditEntry(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values(entry);
}
