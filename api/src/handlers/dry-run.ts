import { latestSnapshot, listHandlers, type Db, type HandlerRow } from '@hookline/db';
import { compileSnapshotContent } from '@hookline/services';
import {
  byPriority,
  canonicalJson,
  selectHandlers,
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
 * (not the table) decides, selected by the shared `selectHandlers`, exactly as the worker plans an execution.
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
  const selection = selectHandlers({ handlers: published }, event);
  for (const handler of selection.handlers) {
    const pendingChanges = current.get(handler.id) !== publishedById.get(handler.id);
    result.wouldRun.push({ handlerId: handler.id, name: handler.name, priority: handler.priority, pendingChanges });
  }
  for (const { handlerId, name } of selection.notSelected) {
    result.wouldNotRun.push({ handlerId, name, reason: 'condition false' });
  }
  const planned = new Set([...selection.handlers.map((h) => h.id), ...selection.notSelected.map((h) => h.handlerId)]);
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
