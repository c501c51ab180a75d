import { z } from 'zod';
import { canonicalEventType } from './event-catalog';
import { EventData, ObjectIdInput } from './event';
import { storableText } from './storable';

/** `POST /api/handlers/dry-run`: an event as it could be emitted; nothing is sent or stored. */
export const DryRunRequest = z
  .object({
    event: z
      .object({
        type: storableText().min(1).max(200).transform(canonicalEventType),
        objectId: ObjectIdInput.optional(),
        data: EventData.default({}),
      })
      .strict(),
  })
  .strict();
export type DryRunRequest = z.input<typeof DryRunRequest>;

/**
 * Why a handler would not run, first match wins: `condition false` (published for this event, but
 * its condition does not hold), `other event`, `archived`, `disabled`, `not yet published` (enabled
 * for this event in the table but absent from the newest snapshot).
 */
export const DRY_RUN_REASONS = ['condition false', 'other event', 'archived', 'disabled', 'not yet published'] as const;
export const DryRunReason = z.enum(DRY_RUN_REASONS);
export type DryRunReason = z.infer<typeof DryRunReason>;

export const DryRunResult = z.object({
  /** The newest snapshot, which is what an event emitted now runs against; null before the first. */
  snapshotVersion: z.number().int().nullable(),
  /** In run order. `pendingChanges`: the table differs from what is published, which is what runs. */
  wouldRun: z.array(
    z.object({
      handlerId: z.number().int(),
      name: z.string(),
      priority: z.number().int(),
      pendingChanges: z.boolean(),
    })
  ),
  wouldNotRun: z.array(z.object({ handlerId: z.number().int(), name: z.string(), reason: DryRunReason })),
});
export type DryRunResult = z.infer<typeof DryRunResult>;
