import { listAuditEntries, type AuditRow } from '@hookline/db';
import { AuditEntry, AuditQuery, can, Page, PERMISSIONS, type ApiKeyRole } from '@hookline/domain';
import { auditSubjectFor } from '../handlers/credentials';
import { keysetCursor } from '../http/keyset-cursor';
import { defineRoute } from '../http/route';

function auditView(row: AuditRow, role: ApiKeyRole): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    handlerId: row.handlerId,
    before: auditSubjectFor(role, row.before ?? null),
    after: auditSubjectFor(role, row.after ?? null),
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
    handle: async ({ query, principal, res }, { lists }) => {
      const page = await listAuditEntries(
        lists,
        // Left out by the query rather than after it, so that a page is still full and its cursor right.
        { handlerId: query.handlerId, withApiKeys: can(principal.role, 'readCredentials') },
        { after: keysetCursor.decode(query.cursor), limit: query.limit }
      );
      res.json({
        items: page.rows.map((row) => auditView(row, principal.role)),
        nextCursor: page.next ? keysetCursor.encode(page.next) : null,
      });
    },
  }),
];
