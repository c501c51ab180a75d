import { ServiceError, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { temporalUnavailableError } from '../testing/api-harness';
import { isTemporalUnavailable } from './unavailable';

const grpcError = (code: number) => Object.assign(new Error(`${code} grpc`), { code, details: 'x', metadata: {} });

describe('isTemporalUnavailable', () => {
  it('recognises UNAVAILABLE and DEADLINE_EXCEEDED, bare or wrapped by the client', () => {
    expect(isTemporalUnavailable(temporalUnavailableError())).toBe(true);
    expect(isTemporalUnavailable(grpcError(14))).toBe(true);
    expect(isTemporalUnavailable(new ServiceError('Failed to start Workflow', { cause: grpcError(4) }))).toBe(true);
    expect(isTemporalUnavailable(new Error('Failed to connect before the deadline'))).toBe(true);
  });

  it('does not mistake other failures for an outage', () => {
    expect(isTemporalUnavailable(grpcError(3))).toBe(false);
    expect(isTemporalUnavailable(new ServiceError('Namespace not found', { cause: grpcError(5) }))).toBe(false);
    expect(isTemporalUnavailable(new WorkflowExecutionAlreadyStartedError('dup', 'wf', 'processEvent'))).toBe(false);
    expect(isTemporalUnavailable(new Error('boom'))).toBe(false);
    expect(isTemporalUnavailable('a string')).toBe(false);
  });
});
