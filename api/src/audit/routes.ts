import { listAuditEntries, type AuditRow } from '@hookline/db';
import { AuditEntry, AuditQuery, Page, PERMISSIONS } from '@hookline/domain';
import { keysetCursor } from '../http/keyset-cursor';
import { defineRoute } from '../http/route';

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

export const auditRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/audit',
    summary: 'Who changed what (handlers, catalogue, keys), when, before and after; newest first',
    tag: 'audit',
    access: PERMISSIONS.read,
    query: AuditQuery,
    responses: { 200: { description: 'A page of changes', schema: Page(AuditEntry) } },
    handle: async ({ query, res }, { lists }) => {
      const page = await listAuditEntries(
        lists,
        { handlerId: query.handlerId },
        { after: keysetCursor.decode(query.cursor), limit: query.limit }
      );
      res.json({ items: page.rows.map(auditView), nextCursor: page.next ? keysetCursor.encode(page.next) : null });
    },
  }),
];
