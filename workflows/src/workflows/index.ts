// The workflow bundle's entry point: re-exports only, so the sandbox loads nothing else.
export { processEvent } from './process-event';
export type { ProcessEventInput, ProcessEventResult } from './process-event';
export { refreshHandlerCache } from './refresh-handler-cache';
export type { RefreshHandlerCacheInput } from './refresh-handler-cache';
export { bulkReplay } from './bulk-replay';
export type { BulkReplayInput, BulkReplayResult } from './bulk-replay';
export { purgeExecutionLogs } from './purge-execution-logs';
export type { PurgeExecutionLogsInput, PurgeExecutionLogsResult } from './purge-execution-logs';
export { checkHandlersHealth } from './check-handler-health';
export type { CheckHandlersHealthInput, CheckHandlersHealthResult } from './check-handler-health';
