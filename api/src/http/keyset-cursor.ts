import type { KeysetPosition } from '@hookline/db';
import { z } from 'zod';
import { cursorCodec } from './opaque-cursor';

/** Position in a list keyed on (timestamp, bigint id): audit rows and attempt logs. */
export const keysetCursor = cursorCodec<KeysetPosition>(
  z.object({ at: z.iso.datetime({ offset: true }), id: z.string().regex(/^[0-9]{1,19}$/) }).strict()
);
