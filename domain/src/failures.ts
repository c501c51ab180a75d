/** Failure types that activities raise and workflows (and their retry policies) act on. */
export const HANDLER_MISSING = 'HandlerMissing';
/** The database refuses the data for good (SQLSTATE class 22 or 23): retrying the same write cannot help. */
export const UNSTORABLE = 'Unstorable';
export const INVALID_RETENTION = 'InvalidRetention';
export const INVALID_BULK_REPLAY = 'InvalidBulkReplay';
