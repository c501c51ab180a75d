// Node services: what the API and the worker's activities both call. Configuration is its own entry point
// (`@hookline/services/config`), so that a process can report a bad environment before loading anything else.
export * from './delivery';
export * from './metrics';
export * from './executions/attempt-row';
export * from './executions/database-errors';
export * from './executions/begin';
export * from './executions/records';
export * from './snapshots/compile';
export * from './snapshots/refresh';
export * from './snapshots/handler-cache';
export * from './replays/bulk';
export * from './replays/bulk-pages';
export * from './replays/prepare';
export * from './replays/replay-execution';
export * from './replays/runs';
export * from './replays/announce';
export * from './health/handler-health';
export * from './ordering/turns';
