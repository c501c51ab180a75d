import type { Db } from '@hookline/db';
import { EventDataValidator } from './catalog/data-validator';
import { EventOrderings } from './catalog/orderings';
import type { ApiDeps } from './deps';
import { bindReplayTemporal, type ReplayTemporal } from './replays/temporal';

/** What every route handler is given besides its request: the deps, and what one app keeps for itself. */
export interface AppContext extends ApiDeps {
  /** The compiled JSON Schemas of custom event types, kept per app. */
  validator: EventDataValidator;
  /** Each event type's ordering, cached for a couple of seconds: read on every accepted event. */
  orderings: EventOrderings;
  replays: ReplayTemporal;
  /**
   * The database for lists, searches and stats, whose cost depends on the filters a caller picks:
   * PostgreSQL cancels a statement there after `config.listTimeoutMs`, answered 503 (PGlite has no
   * such timer; there it is `database.db`).
   */
  lists: Db;
}

export function createAppContext(deps: ApiDeps): AppContext {
  return {
    ...deps,
    validator: new EventDataValidator(),
    orderings: new EventOrderings(deps.database.db),
    replays: bindReplayTemporal(deps.temporal, deps.database.db, deps.config),
    lists: deps.database.bounded(deps.config.listTimeoutMs),
  };
}
