// The workflow bundle's entry point: re-exports only, so the sandbox loads nothing else.
export { processEvent } from './process-event';
export type { ProcessEventInput, ProcessEventResult } from './process-event';
export { refreshHandlerCache } from './refresh-handler-cache';
export type { RefreshHandlerCacheInput } from './refresh-handler-cache';
