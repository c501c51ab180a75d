import { createHash } from 'node:crypto';
import type { HandlerRow } from '@hookline/db';
import { Condition, DEFAULT_RETRY, RetryPolicy, canonicalJson, type SnapshotHandler } from '@hookline/domain';

/**
 * Compiles the handler rows into snapshot content: enabled handlers only, in a stable order, with
 * every secret that should sign right now. Pure, so the API can tell "pending changes" by hashing
 * exactly what the refresh would store.
 */
export function compileSnapshotContent(rows: HandlerRow[], now: Date): { handlers: SnapshotHandler[]; hash: string } {
  const handlers = rows
    .filter((row) => row.status === 'enabled')
    .sort((a, b) => (a.event < b.event ? -1 : a.event > b.event ? 1 : a.priority - b.priority || a.id - b.id))
    .map((row): SnapshotHandler => {
      const secrets = [row.secret];
      if (row.previousSecretExpiresAt && row.previousSecretExpiresAt > now) secrets.push(row.previousSecret);
      return {
        id: row.id,
        name: row.name,
        event: row.event,
        kind: row.kind,
        target: row.target,
        priority: row.priority,
        // Rows were validated on write; parsing again keeps a hand-edited row from breaking a run.
        condition: row.condition == null ? null : Condition.parse(row.condition),
        retry: RetryPolicy.catch(DEFAULT_RETRY).parse(row.retry),
        timeoutMs: row.timeoutMs,
        onFailure: row.onFailure,
        headers: row.headers,
        secrets: secrets.filter((s): s is string => typeof s === 'string' && s.length > 0),
      };
    });
  return { handlers, hash: createHash('sha256').update(canonicalJson(handlers)).digest('hex') };
}
