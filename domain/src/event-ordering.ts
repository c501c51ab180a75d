import { z } from 'zod';

/**
 * How the events of one type run relative to each other. `none`: each at once, in its own workflow. `object`: the
 * events with the same ordering key run one at a time, in the order the API accepted them.
 */
export const EVENT_ORDERINGS = ['none', 'object'] as const;
export const EventOrdering = z.enum(EVENT_ORDERINGS);
export type EventOrdering = z.infer<typeof EventOrdering>;

/** An entity family: lowercase dotted words, one or more (`clients`, `clients.accounts`, `billing.invoices`). */
export const FAMILY_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
export const EntityFamily = z
  .string()
  .min(1)
  .max(200)
  .regex(FAMILY_PATTERN, 'must be lowercase dotted words, such as clients.accounts');

/** An explicit ordering key on an event: any text a key can hold, without control characters. */
export const OrderingKey = z
  .string()
  .min(1)
  .max(200)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters');

/** The family of a type by its name: everything before the last word (`clients.accounts.create` → `clients.accounts`). */
export function familyByName(type: string): string {
  const dot = type.lastIndexOf('.');
  return dot > 0 ? type.slice(0, dot) : type;
}

/**
 * The key that puts an event in a sequence: the event's own `orderingKey` when it gives one, else its type's
 * entity family and its object id (`clients:12`).
 */
export function orderingKeyOf(event: { objectId: string; orderingKey?: string | undefined }, family: string): string {
  return event.orderingKey ?? `${family}:${event.objectId}`;
}

/** Where an execution stands towards its key's sequence, as the execution log shows it. */
export const ExecutionOrdering = z
  .object({
    key: z.string(),
    /** false: it ran outside the sequence (an operator's replay), at once. */
    sequenced: z.boolean(),
  })
  .meta({ description: 'The ordering key of an event whose type orders by object; null for unordered types.' });
export type ExecutionOrdering = z.infer<typeof ExecutionOrdering>;
