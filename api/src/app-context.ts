import { EventDataValidator } from './catalog/data-validator';
import type { ApiDeps } from './deps';
import { bindReplayTemporal, type ReplayTemporal } from './replays/temporal';

/** What every route handler is given besides its request: the deps, and what one app keeps for itself. */
export interface AppContext extends ApiDeps {
  /** The compiled JSON Schemas of custom event types, kept per app. */
  validator: EventDataValidator;
  replays: ReplayTemporal;
}

export function createAppContext(deps: ApiDeps): AppContext {
  return {
    ...deps,
    validator: new EventDataValidator(),
    replays: bindReplayTemporal(deps.temporal, deps.database.db, deps.config),
  };
}
