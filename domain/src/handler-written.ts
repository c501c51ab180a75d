import { z } from 'zod';
import { Handler } from './handler';

/**
 * `POST /api/handlers` and `PATCH /api/handlers/:id`: the handler as written. `secret` is there only
 * when the server generated one (`secret: "generate"`), the one time it is ever shown.
 */
export const HandlerWritten = Handler.extend({ secret: z.string().optional() });
export type HandlerWritten = z.infer<typeof HandlerWritten>;
