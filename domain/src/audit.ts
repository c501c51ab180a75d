import { z } from 'zod';
import { MASKED_HEADER_VALUE } from './handler';

/** One change as `GET /api/audit` lists it. `before` / `after` are what the API shows: never a secret. */
export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  /** The name of the API key that made the change, or `system` for the failing-handler policy's changes. */
  actor: z.string(),
  /** `handler.create | handler.update | handler.delete | handler.reorder | handler.failing | handler.recovered | event_type.* | api_key.*` */
  action: z.string().meta({
    description:
      'handler.create, handler.update, handler.delete, handler.reorder, handler.failing or handler.recovered (marks set by the system), event_type.*, or api_key.* (listed to admin keys only).',
  }),
  handlerId: z.number().int().nullable(),
  before: z.unknown().meta({
    description: `The subject before the change, as the API shows it; a handler's header values are "${MASKED_HEADER_VALUE}" except to admin keys.`,
  }),
  after: z.unknown().meta({
    description: `The subject after the change, as the API shows it; a handler's header values are "${MASKED_HEADER_VALUE}" except to admin keys.`,
  }),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
