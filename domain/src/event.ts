import { z } from 'zod';
import { canonicalEventType } from './event-catalog';
import { OrderingKey } from './event-ordering';
import { MAX_DATA_DEPTH, StorableInstant, storableJson, storableText } from './storable';

const EventId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:-]+$/, 'may contain only letters, digits and . _ : -');

/** An entity id as callers send it, string or number; kept as a string. */
export const ObjectIdInput = z.union([storableText().min(1).max(200), z.number().int()]).transform(String);

/** An event's `data`: an object PostgreSQL can store as jsonb, nested at most MAX_DATA_DEPTH deep. */
export const EventData = z.record(z.string(), z.unknown()).superRefine(storableJson({ maxDepth: MAX_DATA_DEPTH }));

/** What a caller sends (`POST /api/events`, `emitEvent`). */
export const EventInput = z
  .object({
    id: EventId.optional(),
    type: storableText().min(1).max(200).transform(canonicalEventType),
    objectId: ObjectIdInput,
    occurredAt: StorableInstant.optional(),
    /** For a type ordered by object: the sequence to join, in place of `<family>:<objectId>`. Ignored otherwise. */
    orderingKey: OrderingKey.optional(),
    data: EventData.default({}),
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
