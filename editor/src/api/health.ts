import { HealthStatus } from '@hookline/domain';
import { ApiError, unexpectedAnswer } from './problem';

/**
 * `GET /api/health`: unauthenticated, so it goes around the keyed client. A degraded API answers
 * 503 with the same body, and that body is what matters here, whatever the status.
 */
export async function getHealth(fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)): Promise<HealthStatus> {
  const response = await fetchImpl('/api/health', { headers: { accept: 'application/json' } });
  const parsed = HealthStatus.safeParse(await response.json());
  if (!parsed.success) {
    throw new ApiError(unexpectedAnswer(response.status, 'GET /api/health', parsed.error.issues[0]?.path));
  }
  return parsed.data;
}
