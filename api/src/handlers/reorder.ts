import { insertAuditEntry, lockRunOrderOfEvent, setHandlerPriority, type HandlerRow } from '@hookline/db';
import type { Handler } from '@hookline/domain';
import { checkRules, type WriteContext } from './rules';
import { handlerView } from './view';
import { validationProblem, type FieldError } from '../http/problem';

function orderProblems(expected: HandlerRow[], order: number[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<number>();
  const known = new Set(expected.map((h) => h.id));
  order.forEach((id, i) => {
    if (seen.has(id)) errors.push({ path: `order.${i}`, message: `handler ${id} is listed twice` });
    else if (!known.has(id)) {
      errors.push({ path: `order.${i}`, message: `handler ${id} is not an active handler of this event` });
    }
    seen.add(id);
  });
  const missing = expected.filter((h) => !seen.has(h.id)).map((h) => h.id);
  if (missing.length > 0) errors.push({ path: 'order', message: `is missing handlers ${missing.join(', ')}` });
  return errors;
}

/**
 * Renumbers the run order of one event to 1..n in one transaction. `order` must name exactly the
 * event's non-archived handlers, so a stale editor cannot silently drop one from the chain.
 * Only handlers whose priority changes get a new version (and an audit entry).
 */
export async function reorderHandlers(ctx: WriteContext, requestedEvent: string, order: number[]): Promise<Handler[]> {
  const { event } = await checkRules(ctx, { event: requestedEvent });
  if (event === undefined) throw new Error('checkRules returned no event for a given event');
  return ctx.db.transaction(async (tx) => {
    const current = await lockRunOrderOfEvent(tx, event);
    const errors = orderProblems(current, order);
    if (errors.length > 0) throw validationProblem(errors);
    const byId = new Map(current.map((h) => [h.id, h]));
    const result: Handler[] = [];
    for (const [index, id] of order.entries()) {
      const before = byId.get(id);
      if (!before) throw new Error(`handler ${id} passed the order check but is not locked`);
      if (before.priority === index + 1) {
        result.push(handlerView(before));
        continue;
      }
      const after = await setHandlerPriority(tx, id, index + 1);
      await insertAuditEntry(tx, {
        actor: ctx.actor,
        action: 'handler.reorder',
        handlerId: id,
        before: handlerView(before),
        after: handlerView(after),
      });
      result.push(handlerView(after));
    }
    return result;
  });
}
