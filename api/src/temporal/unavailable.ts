import { isGrpcServiceError } from '@temporalio/client';

// gRPC status codes meaning "the server could not be reached (in time)", as opposed to "it said no".
const UNREACHABLE_CODES = new Set([
  4, // DEADLINE_EXCEEDED
  14, // UNAVAILABLE
]);

/**
 * True when an error from @temporalio/client means Temporal could not be reached. The client
 * wraps gRPC errors (`ServiceError` with a `cause`), so the whole cause chain is inspected.
 */
export function isTemporalUnavailable(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (isGrpcServiceError(current) && UNREACHABLE_CODES.has(current.code)) return true;
    // Connection.ensureConnected() and waitForReady() fail with a plain Error of this text.
    if (/Failed to connect before the deadline/i.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}
