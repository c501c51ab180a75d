import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createDb, type Database } from '@hookline/db';
import { createDeliverer, HooklineMetrics } from '@hookline/services';
import { loadConfig } from '@hookline/services/config';
import type { Client } from '@temporalio/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { isDatabaseUnavailable } from './database-unavailable';
import { ADMIN_KEY, FakeHookline } from '../testing/api-harness';

/** A port nothing listens on: PostgreSQL "down". */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('PostgreSQL unreachable', () => {
  let database: Database;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    database = await createDb({
      databaseUrl: `postgres://postgres@127.0.0.1:${await closedPort()}/none`,
      dataDir: 'memory://',
    });
    const config = loadConfig({ HOOKLINE_LOG_LEVEL: 'silent' });
    const deliverer = createDeliverer({
      targetDeny: [],
      targetAllow: [],
      scriptsDir: undefined,
      userAgent: 'hookline/test',
    });
    const app = createApp({
      config,
      database,
      // Only /api/health would use the client, and this test does not call it.
      temporal: {} as Client,
      hookline: new FakeHookline(),
      deliverer,
      metrics: new HooklineMetrics(),
      log: pino({ level: 'silent' }),
      editorDir: null,
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deliverer.close();
      await database.close();
    };
  });
  afterAll(() => close());

  it('answers 503 problem+json with Retry-After, not 500', async () => {
    for (const path of ['/api/handlers', '/api/executions', '/api/keys/me']) {
      const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      expect(res.status, path).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toMatchObject({ type: 'urn:hookline:problem:database-unavailable', status: 503 });
    }
  });
});

describe('isDatabaseUnavailable', () => {
  const withCode = (code: string) => Object.assign(new Error(code), { code });
  it('recognises connection failures, shutdowns and their wrappers', () => {
    for (const code of [
      'ECONNREFUSED',
      'CONNECTION_CLOSED',
      'CONNECT_TIMEOUT',
      '57P01',
      '57P03',
      '08006',
      '08001',
      '53300',
    ]) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new Error('Failed query', { cause: withCode('ECONNRESET') }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED')], 'connect'))).toBe(true);
  });

  it('does not mistake a refused query for an outage', () => {
    for (const code of ['23505', '42P01', '22P02', '40001'])
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
