import {
  type Db,
  type HandlerRow,
  callCountsSince,
  disableHandlerAsSystem,
  failureStreakFacts,
  handlerView,
  handlersToJudge,
  insertAuditEntry,
  latestGoneSince,
  lockHandler,
  setFailingSince,
} from '@hookline/db';
import {
  SYSTEM_ACTOR,
  type HandlerHealthChange,
  type HandlerHealthPolicy,
  goneReason,
  judgeHandlerHealth,
} from '@hookline/domain';

const DAY_MS = 86_400_000;

function change(kind: HandlerHealthChange['kind'], row: HandlerRow, reason: string, at: Date): HandlerHealthChange {
  return { kind, handlerId: row.id, handlerName: row.name, event: row.event, reason, at: at.toISOString() };
}

/** A handler the system disabled: the change as told, and the handler's new version (for the publish it calls for). */
export interface SystemDisable {
  change: HandlerHealthChange;
  version: number;
}

/**
 * Disables an enabled handler on the system's behalf, with its reason and an audit entry by the system, in one
 * transaction. Null when it was no longer enabled: a change made once, however many calls saw the same answer.
 */
export async function disableHandlerBySystem(
  db: Db,
  handlerId: number,
  reason: string,
  at: Date
): Promise<SystemDisable | null> {
  return db.transaction(async (tx) => {
    const before = await lockHandler(tx, handlerId);
    if (!before || before.status !== 'enabled') return null;
    const after = await disableHandlerAsSystem(tx, handlerId, reason);
    if (!after) return null;
    await insertAuditEntry(tx, {
      actor: SYSTEM_ACTOR,
      action: 'handler.update',
      handlerId,
      before: handlerView(before),
      after: handlerView(after),
    });
    return { change: change('disabled', after, reason, at), version: after.version };
  });
}

/** A receiver that answered 410 Gone does not want this handler's calls any more (DESIGN §2.1). */
export function disableHandlerForGone(db: Db, handlerId: number, at: Date): Promise<SystemDisable | null> {
  return disableHandlerBySystem(db, handlerId, goneReason(at), at);
}

/** Sets or clears the failing mark with its audit entry; null when the mark already was so. */
async function markFailing(
  db: Db,
  handlerId: number,
  since: Date | null,
  action: 'handler.failing' | 'handler.recovered'
): Promise<HandlerRow | null> {
  return db.transaction(async (tx) => {
    const before = await lockHandler(tx, handlerId);
    if (!before) return null;
    const after = await setFailingSince(tx, handlerId, since);
    if (!after) return null;
    await insertAuditEntry(tx, {
      actor: SYSTEM_ACTOR,
      action,
      handlerId,
      before: handlerView(before),
      after: handlerView(after),
    });
    return after;
  });
}

/**
 * The failing-handler policy's periodic check over the execution log: disables the handlers whose every call failed
 * for `disableAfterDays` days (and any still enabled after a 410 Gone the worker could not act on), marks failing those over the failure share, and clears the mark of those back under it.
 * Each change is committed on its own and handed to `onChange` at once, so a check stopped halfway keeps (and has
 * told) what it did, and the next one does the rest. Running it again changes nothing more.
 */
export async function checkHandlerHealth(
  db: Db,
  policy: HandlerHealthPolicy,
  now: Date,
  onChange: (change: HandlerHealthChange) => Promise<void>
): Promise<HandlerHealthChange[]> {
  const cutoff = new Date(now.getTime() - policy.disableAfterDays * DAY_MS);
  const windowCounts = await callCountsSince(db, new Date(now.getTime() - policy.failingWindowMs), now);
  const changes: HandlerHealthChange[] = [];
  const told = async (made: HandlerHealthChange | null): Promise<void> => {
    if (!made) return;
    changes.push(made);
    await onChange(made);
  };

  for (const handler of await handlersToJudge(db)) {
    const enabled = handler.status === 'enabled';
    const decision = judgeHandlerHealth(
      {
        status: handler.status,
        failingSince: handler.failingSince,
        window: windowCounts.get(handler.id) ?? { calls: 0, failures: 0 },
        streak: enabled
          ? await failureStreakFacts(db, handler, cutoff)
          : { lastBefore: null, succeededAfter: false, failedAfter: false },
        goneAt: enabled
          ? await latestGoneSince(db, handler.id, handler.updatedAt > cutoff ? handler.updatedAt : cutoff)
          : null,
      },
      policy
    );
    switch (decision.action) {
      case 'disable':
        await told((await disableHandlerBySystem(db, handler.id, decision.reason, now))?.change ?? null);
        break;
      case 'mark-failing': {
        const row = await markFailing(db, handler.id, now, 'handler.failing');
        await told(row && change('failing', row, decision.reason, now));
        break;
      }
      case 'recover': {
        const row = await markFailing(db, handler.id, null, 'handler.recovered');
        await told(row && change('recovered', row, decision.reason, now));
        break;
      }
      case 'clear-mark':
        await setFailingSince(db, handler.id, null);
        break;
      case 'none':
        break;
    }
  }
  return changes;
}
