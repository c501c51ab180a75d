import { listAuditEntries, type AuditRow } from '@hookline/db';
import { AuditQuery, type AuditEntry } from '@hookline/domain';
import type { Router } from 'express';
import express from 'express';
import type { ApiDeps } from '../deps';
import { keysetCursor } from '../http/keyset-cursor';
import { PERMISSIONS, requireRole } from '../http/auth';
import { parseQuery } from '../http/validate';

function auditView(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    handlerId: row.handlerId,
    before: row.before ?? null,
    after: row.after ?? null,
  };
}

export function auditRouter({ database }: ApiDeps): Router {
  const router = express.Router();
  router.get('/audit', requireRole(...PERMISSIONS.read), async (req, res) => {
    const query = parseQuery(req, AuditQuery);
    const page = await listAuditEntries(
      database.db,
      { handlerId: query.handlerId },
      { after: keysetCursor.decode(query.cursor), limit: query.limit }
    );
    res.json({ items: page.rows.map(auditView), nextCursor: page.next ? keysetCursor.encode(page.next) : null });
  });
  return router;
}
