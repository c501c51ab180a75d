import type { KeysetPosition } from '@hookline/db';
import { StorableInstant } from '@hookline/domain';
import { z } from 'zod';
import { cursorCodec } from './opaque-cursor';

// Nineteen digits reach past bigint's largest value, which PostgreSQL refuses to cast.
const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** Position in a list keyed on (timestamp, bigint id): audit rows and attempt logs. */
export const keysetCursor = cursorCodec<KeysetPosition>(
  z
    .object({
      at: StorableInstant,
      id: z
        .string()
        .regex(/^[0-9]{1,19}$/)
        .refine((id) => BigInt(id) <= MAX_BIGINT),
    })
    .strict()
);
