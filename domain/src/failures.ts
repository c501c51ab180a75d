/** Failure types that activities raise and workflows (and their retry policies) act on. */
export const HANDLER_REJECTED = 'HandlerRejected';
export const HANDLER_FAILED = 'HandlerFailed';
export const HANDLER_MISSING = 'HandlerMissing';
export const INVALID_RETENTION = 'InvalidRetention';
export const INVALID_BULK_REPLAY = 'InvalidBulkReplay';
