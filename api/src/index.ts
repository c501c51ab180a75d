export { createApp } from './app';
export type { ApiDeps, HooklineTemporal } from './deps';
export { startApi, type RunningApi, type StartApiOptions } from './server';
export { ensureAdminKey } from './keys/admin-key';
export { bindHooklineTemporal } from './temporal/hookline';
