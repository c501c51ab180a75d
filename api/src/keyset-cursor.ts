import type { KeysetPosition } from '@hookline/db';
import { z } from 'zod';
import { validationProblem } from './middleware/problem';

const CursorJson = z.object({ at: z.iso.datetime({ offset: true }), id: z.string().regex(/^[0-9]{1,19}$/) }).strict();

/** Opaque to clients (base64url JSON): the position after which the next page starts. */
export function encodeKeyset(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify({ at: position.at, id: position.id }), 'utf8').toString('base64url');
}

export function decodeKeyset(cursor: string | undefined): KeysetPosition | null {
  if (cursor === undefined) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    json = null;
  }
  const parsed = CursorJson.safeParse(json);
  if (!parsed.success) throw validationProblem([{ path: 'cursor', message: 'is not a cursor this API handed out' }]);
  return parsed.data;
}
