import { z } from 'zod';

// serial ids are int4: anything larger cannot name a row and would make PostgreSQL throw.
const MAX_SERIAL = 2_147_483_647;

/** A numeric `:id`: not a number → 400; a number that names no row is the route's 404. */
export const NumericIdParams = z.object({
  id: z
    .string()
    .regex(/^[0-9]{1,10}$/, 'must be a positive integer')
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_SERIAL, 'must be a positive integer'),
});

/** Query flags as people type them: `true`, `false`, `1`, `0`. */
export const QueryBoolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
