import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '@hookline/services/config';
import { HANDLER_CACHE_SCHEDULE_ID, connectClient, temporalConnectionSettings } from '@hookline/workflows/client';
import { type TemporalServer, postgresEndpoint, startTemporalServer } from '@hookline/scripts/temporal-server';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onExit } from '../faults/support/cleanup';
import { type PostgresCluster, startPostgresCluster } from '../faults/support/cluster';
import { spawnNode } from '../faults/support/processes';
import { freePort, freeTemporalServerPorts } from '../support/ports';
import { Teardown } from '../support/teardown';
import { type TestCertificates, generateTestCertificates } from './support/certificates';

/**
 * Hookline's Temporal TLS settings against a real Temporal server that requires client certificates: the variables an
 * operator sets, read by `loadConfig`, are what the API's client and the worker's native connection dial with.
 */
describe('Temporal over mutual TLS', () => {
  let certificates: TestCertificates;
  let postgresCluster: PostgresCluster;
  let temporal: TemporalServer;
  const teardown = new Teardown('[temporal-tls]');

  /** Hookline's variables for this server, the client pair and CA included unless replaced. */
  function tlsEnvironment(overrides: Record<string, string | undefined> = {}): Record<string, string> {
    const env: Record<string, string | undefined> = {
      DATABASE_URL: postgresCluster.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TLS_CA: certificates.ca.cert,
      TEMPORAL_TLS_CERT: certificates.client.cert,
      TEMPORAL_TLS_KEY: certificates.client.key,
      TEMPORAL_TLS_SERVER_NAME: 'localhost',
      ...overrides,
    };
    return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  }

  /**
   * One call, with Hookline's connection settings, on a connection that neither waits to be ready nor retries:
   * `Connection.connect` would wait out its whole timeout on a failed handshake and report only "Failed to connect
   * before the deadline", and the SDK's default interceptor would retry UNAVAILABLE for as long again, where a single
   * call reports why the handshake failed.
   */
  async function firstCallError(env: Record<string, string>): Promise<Error> {
    const connection = Connection.lazy({ ...temporalConnectionSettings(loadConfig(env)), interceptors: [] });
    try {
      await connection.workflowService.getSystemInfo({});
    } catch (err) {
      return err as Error;
    } finally {
      await connection.close();
    }
    throw new Error('the call succeeded');
  }

  beforeAll(async () => {
    const serverBinary = process.env['HOOKLINE_TEMPORAL_SERVER_BIN'];
    const sqlTool = process.env['HOOKLINE_TEMPORAL_SQL_BIN'];
    if (!serverBinary || !sqlTool) {
      throw new Error(
        'HOOKLINE_TEMPORAL_SERVER_BIN and HOOKLINE_TEMPORAL_SQL_BIN are not set: run the tests through `npm test`'
      );
    }
    certificates = generateTestCertificates();
    teardown.add(() => certificates.remove());
    postgresCluster = await startPostgresCluster();
    teardown.add(() => postgresCluster.stop());
    const serverDir = mkdtempSync(join(tmpdir(), 'hookline-tls-temporal-'));
    teardown.add(() => rmSync(serverDir, { recursive: true, force: true }));
    temporal = await startTemporalServer({
      serverBinary,
      sqlTool,
      dir: serverDir,
      postgres: postgresEndpoint(postgresCluster.url),
      database: 'temporal',
      visibilityDatabase: 'temporal_visibility',
      ports: await freeTemporalServerPorts(),
      namespace: 'default',
      tls: {
        certFile: certificates.server.cert,
        keyFile: certificates.server.key,
        caFile: certificates.ca.cert,
        requireClientAuth: true,
      },
      onSpawn: (child) => {
        const unregister = onExit(() => child.kill('SIGKILL'));
        child.once('exit', unregister);
      },
    });
    teardown.add(() => temporal.stop());
  });

  afterAll(() => teardown.run());

  it('connects with the configured CA, server name and client pair', async () => {
    const config = loadConfig(tlsEnvironment());
    expect(config.temporalTls, 'the TLS variables turned TLS on').not.toBe(false);
    const client = await connectClient(config);
    try {
      const info = await client.workflowService.getSystemInfo({});
      expect(info.serverVersion).toBe('1.29.1');
      const namespace = await client.workflowService.describeNamespace({ namespace: config.temporalNamespace });
      expect(namespace.namespaceInfo?.name).toBe('default');
    } finally {
      await client.connection.close();
    }
  });

  it('is refused by the frontend without a client certificate', async () => {
    const error = await firstCallError(tlsEnvironment({ TEMPORAL_TLS_CERT: undefined, TEMPORAL_TLS_KEY: undefined }));
    // TLS 1.3: the handshake completes on the client's side, then the server's alert ends the connection.
    expect(error.message).toMatch(/certificate required/i);
  });

  it('refuses a server whose certificate the configured CA did not sign, and a process starting says why', async () => {
    const error = await firstCallError(tlsEnvironment({ TEMPORAL_TLS_CA: certificates.strangerCa.cert }));
    expect(error.message).toMatch(/certificate/i);
    // The way the API and the worker connect at start: the reason, not only "could not connect before the deadline".
    const config = loadConfig(tlsEnvironment({ TEMPORAL_TLS_CA: certificates.strangerCa.cert }));
    const atStart = await connectClient(config).then(
      () => new Error('connected'),
      (err: unknown) => err as Error
    );
    expect(atStart.message).toMatch(/^cannot reach Temporal at 127\.0\.0\.1:\d+: .*certificate/i);
  }, 30_000);

  it('runs a worker process over mutual TLS, and its schedules on the server', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookline-tls-data-'));
    teardown.add(() => rmSync(dataDir, { recursive: true, force: true }));
    const healthPort = await freePort();
    const worker = spawnNode(
      'worker',
      ['worker/dist/main.js'],
      tlsEnvironment({
        HOOKLINE_DATA_DIR: dataDir,
        HOOKLINE_WORKER_HEALTH_PORT: String(healthPort),
        HOOKLINE_LOG_LEVEL: 'warn',
      })
    );
    teardown.add(() => worker.stop());
    const healthUrl = `http://127.0.0.1:${healthPort}/healthz`;
    const deadline = Date.now() + 20_000;
    let last = 'no answer';
    for (;;) {
      if (worker.exited()) throw new Error(`the worker exited during start:\n${worker.output()}`);
      try {
        const response = await fetch(healthUrl, { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) break;
        last = `${response.status} ${await response.text()}`;
      } catch (err) {
        last = (err as Error).message;
      }
      if (Date.now() > deadline) throw new Error(`the worker did not become healthy: ${last}\n${worker.output()}`);
      await sleep(250);
    }

    // The worker created this schedule at start; describing it queries the schedule's own workflow, which the
    // server's system worker runs, so the answer shows that worker reaching its frontend over mutual TLS as well.
    const client = await connectClient(loadConfig(tlsEnvironment()));
    try {
      const schedule = await client.connection.withDeadline(Date.now() + 10_000, () =>
        client.schedule.getHandle(HANDLER_CACHE_SCHEDULE_ID).describe()
      );
      expect(schedule.info.nextActionTimes.length).toBeGreaterThan(0);
    } finally {
      await client.connection.close();
    }
  });
});
