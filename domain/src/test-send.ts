import { z } from 'zod';
import { EventData, ObjectIdInput } from './event';
import { Attempt } from './execution';

/** `POST /api/handlers/:id/test`: a sample event for this one handler, its current (unpublished) version. */
export const TestSendRequest = z
  .object({
    data: EventData.default({}),
    objectId: ObjectIdInput.default('test'),
  })
  .strict();
export type TestSendRequest = z.input<typeof TestSendRequest>;

/** Event ids of test sends start with this; their execution's workflow id is the event id (no workflow runs). */
export const TEST_EVENT_PREFIX = 'test-';

/** The one logged attempt, with the synthetic execution it is filed under. */
export const TestSendResult = Attempt.extend({
  executionId: z.string(),
  eventId: z.string(),
  handlerId: z.number().int(),
});
export type TestSendResult = z.infer<typeof TestSendResult>;
