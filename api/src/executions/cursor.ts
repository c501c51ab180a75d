import type { ExecutionKey } from '@hookline/db';
import { StorableInstant, storableText } from '@hookline/domain';
import { z } from 'zod';
import { cursorCodec } from '../http/opaque-cursor';

/** Position in the executions list: (started_at with PostgreSQL's microseconds, id). */
export const executionCursor = cursorCodec<ExecutionKey>(
  z.object({ startedAt: StorableInstant, id: storableText().min(1).max(200) }).strict()
);
