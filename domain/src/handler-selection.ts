import { evaluateCondition } from './condition-eval';
import type { HooklineEvent } from './event';
import { planFor, type HandlerSnapshot, type PlannedHandler } from './snapshot';

/** Why a handler of the event's type in the snapshot does not run for this event. */
export type NotSelectedReason = 'condition false' | 'not replayed';

export interface SelectedHandlers {
  /** The handlers to call, in run order (priority, then id). */
  handlers: PlannedHandler[];
  notSelected: { handlerId: number; name: string; reason: NotSelectedReason }[];
}

/**
 * The handlers of a snapshot that an event runs, by the rules every part shares: its type's handlers in priority
 * order whose condition holds, narrowed to `onlyHandlerIds` for a replay of the failed ones. The worker plans each
 * execution with it, and the dry run answers with it, so that both always agree.
 */
export function selectHandlers(
  snapshot: Pick<HandlerSnapshot, 'handlers'>,
  event: HooklineEvent,
  onlyHandlerIds?: readonly number[]
): SelectedHandlers {
  const selected: SelectedHandlers = { handlers: [], notSelected: [] };
  for (const handler of planFor(snapshot, event.type)) {
    if (onlyHandlerIds && !onlyHandlerIds.includes(handler.id)) {
      selected.notSelected.push({ handlerId: handler.id, name: handler.name, reason: 'not replayed' });
    } else if (!evaluateCondition(handler.condition, event)) {
      selected.notSelected.push({ handlerId: handler.id, name: handler.name, reason: 'condition false' });
    } else {
      selected.handlers.push(handler);
    }
  }
  return selected;
}
