import { HealthStatus } from '@hookline/domain';
import { describe, expect, it } from 'vitest';
import { recordingFetch, shaped } from '../test/fixtures';
import { getHealth } from './health';

const degraded = shaped(HealthStatus, {
  status: 'degraded',
  checks: { database: 'ok', temporal: 'down', worker: 'unknown' },
  temporalNamespace: 'default',
});

describe('getHealth', () => {
  it('reads the body of a degraded API, whatever the status', async () => {
    const { fetch } = recordingFetch([{ status: 503, body: degraded, type: 'application/json' }]);
    await expect(getHealth(fetch)).resolves.toEqual(degraded);
  });

  it('rejects an answer of another shape', async () => {
    const { fetch } = recordingFetch([{ body: { status: 'fine' } }]);
    await expect(getHealth(fetch)).rejects.toThrow('GET /api/health answered in an unexpected shape');
  });
});
