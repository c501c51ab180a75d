import { z } from 'zod';

/** One change as `GET /api/audit` lists it. `before` / `after` are what the API shows: never a secret. */
export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  /** The name of the API key that made the change. */
  actor: z.string(),
  /** `handler.create | handler.update | handler.delete | handler.reorder | event_type.* | api_key.*` */
  action: z.string(),
  handlerId: z.number().int().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
