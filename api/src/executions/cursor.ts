import type { ExecutionKey } from '@hookline/db';
import { z } from 'zod';
import { cursorCodec } from '../http/opaque-cursor';

/** Position in the executions list: (started_at with PostgreSQL's microseconds, id). */
export const executionCursor = cursorCodec<ExecutionKey>(
  z.object({ startedAt: z.iso.datetime({ offset: true }), id: z.string().min(1).max(200) }).strict()
);
