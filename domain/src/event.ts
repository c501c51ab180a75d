import { z } from 'zod';
import { canonicalEventType } from './event-catalog';

const EventId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:-]+$/, 'may contain only letters, digits and . _ : -');

/** What a caller sends (`POST /api/events`, `emitEvent`). */
export const EventInput = z
  .object({
    id: EventId.optional(),
    type: z.string().min(1).max(200).transform(canonicalEventType),
    objectId: z.union([z.string().min(1).max(200), z.number().int()]).transform(String),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
    data: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type EventInput = z.input<typeof EventInput>;

/** An accepted event: every field resolved. This is what workflows carry. */
export const HooklineEvent = z.object({
  id: EventId,
  type: z.string(),
  objectId: z.string(),
  occurredAt: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type HooklineEvent = z.infer<typeof HooklineEvent>;

export { workflowIdForEvent, workflowIdForReplay } from './workflow-ids';
