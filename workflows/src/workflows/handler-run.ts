import {
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
  proxyLocalActivities,
  sleep,
} from '@temporalio/workflow';
import type { PlannedHandler, RetryPolicy } from '@hookline/domain';
import { HANDLER_MISSING } from '@hookline/domain/failures';
import type { AttemptRecord, CallHandlerInput, CallHandlerResult, HooklineActivities } from '../activities';
import { handlerCall, localBookkeeping, localHandlerCall } from './activity-options';

const records = proxyLocalActivities<HooklineActivities>(localBookkeeping);

/** The wait before attempt `next`: the receiver's Retry-After when it gave one (already capped), else the backoff. */
export function retryDelayMs(retry: RetryPolicy, failedAttempt: number, retryAfterMs: number | null): number {
  if (retryAfterMs !== null) return retryAfterMs;
  const backoff = retry.initialIntervalMs * Math.pow(retry.backoffCoefficient, failedAttempt - 1);
  return Math.min(backoff, retry.maxIntervalMs);
}

export interface HandlerRunContext {
  executionId: string;
  snapshotVersion: number;
  /** The first call runs as a local activity (the plan's `firstCallLocal`). */
  firstCallLocal?: boolean;
}

/**
 * Calls one handler until it succeeds, refuses for good, or its attempts run out, under its own retry policy. The
 * workflow counts the attempts, so a retry happens only because a call failed — never because writing its log
 * failed — and every attempt has its row: written by the activity, or here when the activity could not.
 */
export async function runHandler(
  handler: PlannedHandler,
  { executionId, snapshotVersion, firstCallLocal = false }: HandlerRunContext
): Promise<boolean> {
  const call = proxyActivities<HooklineActivities>(handlerCall(handler));
  for (let attempt = 1; ; attempt++) {
    const scheduledAt = Date.now();
    const input: CallHandlerInput = { executionId, snapshotVersion, handlerId: handler.id, attempt };
    let result: CallHandlerResult | null = null;
    try {
      if (attempt === 1 && firstCallLocal) result = await callLocally(handler, input);
      // Later attempts wait out a backoff on a timer anyway, so they gain nothing from running locally.
      if (result === null) result = await call.callHandler(input);
    } catch (err) {
      // A local activity's failure may arrive as the ActivityFailure around it or as the failure itself.
      if (!(err instanceof ActivityFailure || err instanceof ApplicationFailure)) throw err;
      const failure = err instanceof ActivityFailure ? (err.cause ?? err) : err;
      if (failure instanceof ApplicationFailure && failure.type === HANDLER_MISSING) return false;
      // The activity was lost (its worker stopped, or it overran its timeout): whether the receiver got the call is
      // unknown, so the attempt is logged as failed and the policy decides on another.
      const error = `no outcome: the call's activity did not finish (${failure.message})`;
      await records.recordAttempt(lostAttempt(handler, executionId, attempt, scheduledAt, error));
      result = { outcome: 'retryable', status: null, error, retryAfterMs: null, unrecorded: null };
    }
    if (result.unrecorded) await records.recordAttempt(result.unrecorded);
    if (result.outcome === 'succeeded') return true;
    if (result.outcome === 'rejected' || attempt >= handler.retry.maxAttempts) return false;
    await sleep(retryDelayMs(handler.retry, attempt, result.retryAfterMs));
  }
}

/** The first call as a local activity: null when it was not made, and the attempt is to be made as an activity. */
async function callLocally(handler: PlannedHandler, input: CallHandlerInput): Promise<CallHandlerResult | null> {
  const local = proxyLocalActivities<HooklineActivities>(localHandlerCall(handler));
  const result = await local.callHandlerLocally(input);
  return result.outcome === 'not called' ? null : result;
}

function lostAttempt(
  handler: PlannedHandler,
  executionId: string,
  attempt: number,
  scheduledAt: number,
  error: string
): AttemptRecord {
  return {
    executionId,
    handlerId: handler.id,
    handlerName: handler.name,
    priority: handler.priority,
    attempt,
    status: 'failed',
    request: null,
    responseStatus: null,
    responseHeaders: null,
    responseBody: null,
    error,
    escaped: false,
    startedAt: new Date(scheduledAt).toISOString(),
    durationMs: Date.now() - scheduledAt,
  };
}
