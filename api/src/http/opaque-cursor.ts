import type { z } from 'zod';
import { validationProblem } from './problem';

export interface CursorCodec<T> {
  encode(position: T): string;
  /** A missing cursor is the first page; anything this API did not hand out is a 400 naming `cursor`. */
  decode(cursor: string | undefined): T | null;
}

/** Cursors are opaque to clients (base64url JSON) and checked against their schema when they come back. */
export function cursorCodec<T extends object>(schema: z.ZodType<T>): CursorCodec<T> {
  return {
    encode: (position) => Buffer.from(JSON.stringify(schema.parse(position)), 'utf8').toString('base64url'),
    decode(cursor) {
      if (cursor === undefined) return null;
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        json = null;
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success)
        throw validationProblem([{ path: 'cursor', message: 'is not a cursor this API handed out' }]);
      return parsed.data;
    },
  };
}
