import type { ExecutionKey } from '@hookline/db';
import { z } from 'zod';
import { validationProblem } from './middleware/problem';

const CursorJson = z.object({ startedAt: z.iso.datetime({ offset: true }), id: z.string().min(1).max(200) }).strict();

/** Opaque to clients (base64url JSON): the position after which the next page starts. */
export function encodeCursor(key: ExecutionKey): string {
  return Buffer.from(JSON.stringify({ startedAt: key.startedAt, id: key.id }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): ExecutionKey {
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
