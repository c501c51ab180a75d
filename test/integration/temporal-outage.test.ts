import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, startTemporalDevServer } from '../support/temporal-dev-server';
import { type Stack, startStack } from '../support/stack';

/**
 * Runs against a Temporal dev server of its own, which it stops and starts again on the same port,
 * so the run's shared server stays up for every other file. A restarted dev server has forgotten
 * everything (it keeps its data in memory), which does not matter here.
 */
describe('while Temporal is unreachable', () => {
  const binary = process.env['HOOKLINE_TEMPORAL_BIN']!;
  let temporal: DevServer;
  let port: number;
  let stack: Stack;

  beforeAll(async () => {
    temporal = await startTemporalDevServer(binary);
    port = Number(temporal.address.split(':')[1]);
    stack = await startStack({ temporalAddress: temporal.address });
  });

  afterAll(async () => {
    await stack?.stop();
    await temporal?.stop();
  });

  const post = (id: string) =>
    stack.api<{ status: number; type: string }>('POST', '/api/events', { id, type: 'clients.create', objectId: 1 });

  it('accepts events while it is up', async () => {
    expect((await post('outage-before')).status).toBe(202);
  });

  it('answers 503 with Retry-After, never 202, while it is down, and quickly', async () => {
    await temporal.stop();
    const started = Date.now();
    const res = await post('outage-during');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toBe('urn:hookline:problem:temporal-unavailable');
    // Bounded by the API's start deadline, not by the client's own minute of retries.
    expect(Date.now() - started).toBeLessThan(10_000);
    const health = await stack.api<{ checks: { temporal: string } }>('GET', '/api/health', undefined, { key: null });
    expect(health.status).toBe(503);
    expect(health.body.checks.temporal).toBe('down');
  });

  it('accepts events again once it is back', async () => {
    temporal = await startTemporalDevServer(binary, { port });
    // The client reconnects on its own; give its backoff a few seconds.
    const deadline = Date.now() + 30_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await post('outage-after')).status;
      if (status === 202) break;
      expect(status).toBe(503);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(status).toBe(202);
  });
});
