import { STATUS_CODES } from 'node:http';
import type { DeliveryOutcome } from './types';

/**
 * DESIGN §1.5: 2xx succeeds; 408, 425, 429 and 5xx are worth retrying (the receiver is busy, down or
 * asks us to wait); every other answer — other 4xx, and 3xx because redirects are not followed — will
 * not change by asking again, so it fails at once.
 */
export function classifyStatus(status: number): DeliveryOutcome {
  if (status >= 200 && status <= 299) return 'succeeded';
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retryable';
  return 'rejected';
}

/** "HTTP 503 Service Unavailable", with the reason phrase the receiver sent or the standard one. */
export function statusLine(status: number, statusText?: string): string {
  const reason = statusText || STATUS_CODES[status] || '';
  return `HTTP ${status}${reason ? ` ${reason}` : ''}`;
}
