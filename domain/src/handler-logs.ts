import { z } from 'zod';
import { Attempt } from './execution';

/** One row of `GET /api/handlers/:id/logs`: an attempt, with the execution it belongs to. */
export const HandlerLogEntry = Attempt.extend({
  id: z.number().int(),
  executionId: z.string(),
  handlerId: z.number().int(),
  name: z.string(),
  priority: z.number().int(),
});
export type HandlerLogEntry = z.infer<typeof HandlerLogEntry>;
