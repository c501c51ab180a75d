import { latestSnapshot, listHandlers, type Db, type HandlerRow } from '@hookline/db';
import { compileSnapshotContent } from '@hookline/workflows/activities';
import {
  byPriority,
  canonicalJson,
  evaluateCondition,
  planFor,
  type DryRunReason,
  type DryRunRequest,
  type DryRunResult,
  type HooklineEvent,
  type SnapshotHandler,
} from '@hookline/domain';
import type { z } from 'zod';
import { resolveEventType } from '../catalog/event-types';
import { validationProblem } from '../http/problem';

type DryRunInput = z.output<typeof DryRunRequest>;

function reasonFor(row: HandlerRow, eventType: string): DryRunReason {
  if (row.event !== eventType) return 'other event';
  if (row.status === 'archived') return 'archived';
  if (row.status === 'disabled') return 'disabled';
  return 'not yet published';
}

/**
 * Which handlers an event emitted now would run, with the worker's own rules: the newest snapshot
 * (not the table) decides, planned and evaluated by the shared `planFor` and `evaluateCondition`.
 * Every other handler is listed with the first reason that keeps it out. A published handler whose
 * row has changed since runs as published, flagged `pendingChanges`.
 */
export async function dryRun(db: Db, input: DryRunInput, now: Date): Promise<DryRunResult> {
  const type = await resolveEventType(db, input.event.type);
  if (!type)
    throw validationProblem([{ path: 'event.type', message: `"${input.event.type}" is not a known event type` }]);
  const [rows, snapshot] = await Promise.all([listHandlers(db, { includeArchived: true }), latestSnapshot(db)]);
  // Compiled by refreshSnapshot from validated rows: the stored JSON has the SnapshotHandler shape.
  const published = (snapshot?.handlers ?? []) as SnapshotHandler[];
  const event: HooklineEvent = {
    id: 'dry-run',
    type,
    objectId: input.event.objectId ?? '',
    occurredAt: now.toISOString(),
    data: input.event.data,
  };

  const current = new Map(
    compileSnapshotContent(
      rows.filter((r) => r.event === type),
      now
    ).handlers.map((h) => [h.id, canonicalJson(h)])
  );
  const publishedById = new Map(published.map((h) => [h.id, canonicalJson(h)]));
  const result: DryRunResult = { snapshotVersion: snapshot?.version ?? null, wouldRun: [], wouldNotRun: [] };
  const planned = new Set<number>();
  for (const handler of planFor({ handlers: published }, type)) {
    planned.add(handler.id);
    if (evaluateCondition(handler.condition, event)) {
      const pendingChanges = current.get(handler.id) !== publishedById.get(handler.id);
      result.wouldRun.push({ handlerId: handler.id, name: handler.name, priority: handler.priority, pendingChanges });
    } else {
      result.wouldNotRun.push({ handlerId: handler.id, name: handler.name, reason: 'condition false' });
    }
  }
  const others = rows.filter((r) => !planned.has(r.id));
  // This event's handlers first, in run order, then the rest as the handler list shows them.
  others.sort(
    (a, b) =>
      Number(b.event === type) - Number(a.event === type) ||
      (a.event < b.event ? -1 : a.event > b.event ? 1 : 0) ||
      byPriority(a, b)
  );
  for (const row of others) {
    result.wouldNotRun.push({ handlerId: row.id, name: row.name, reason: reasonFor(row, type) });
  }
  return result;
}
