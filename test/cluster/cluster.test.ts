import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createHandler, publish } from '../faults/support/api-client';
import { expectCommonRules, expectRule, settleAndMeasure } from '../faults/support/checks';
import { EVENT_TYPE, TWO_QUICK_HANDLERS } from '../faults/support/environment';
import { readReceiverLedger } from '../faults/support/ledger';
import { startLoad, until } from '../faults/support/load';
import { REPO_ROOT } from '../faults/support/processes';
import {
  type ClusterEnvironment,
  type WorkerProcess,
  startClusterEnvironment,
  workerHealth,
} from './support/cluster-environment';

/** What the README promises: a publish is active on every worker within this, through LISTEN/NOTIFY. */
const PUBLISH_BOUND_MS = 1_000;
/** The worker's LISTEN heartbeat (15 s): a notification lost with its connection is caught by then. */
const MISSED_NOTIFICATION_BOUND_MS = 20_000;
/** KEY_TRUST_MS in api/src/http/auth.ts (the documented bound), plus room for the requests of a busy machine. */
const REVOCATION_BOUND_MS = 2_000 + 1_000;

/** Handler calls a worker has made, from its own /metrics (each worker process counts only its own). */
async function callsMadeBy(worker: WorkerProcess): Promise<number> {
  const response = await fetch(worker.healthUrl.replace('/healthz', '/metrics'));
  const text = await response.text();
  let total = 0;
  for (const match of text.matchAll(/^hookline_handler_call_duration_seconds_count\{[^}]*\} (\d+)/gm)) {
    total += Number(match[1]);
  }
  return total;
}

/** Polls every worker's health endpoint until each runs `version` (or a later one); answers how long that took. */
async function msUntilActiveEverywhere(workers: WorkerProcess[], version: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  const pending = new Set(workers);
  while (pending.size > 0) {
    for (const worker of [...pending]) {
      const health = await workerHealth(worker);
      if ((health?.body.snapshot.version ?? 0) >= version) pending.delete(worker);
    }
    if (pending.size === 0) break;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`version ${version} not active on ${[...pending].map((w) => w.process.name).join(', ')}`);
    }
    await sleep(10);
  }
  return Date.now() - started;
}

async function publishThrough(env: ClusterEnvironment, apiIndex: number): Promise<number> {
  const answer = await call<{ version: number; changed: boolean }>(env.apis[apiIndex]!, 'POST', '/api/cache/refresh');
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(answer.body.changed, 'the publish stored a new version').toBe(true);
  return answer.body.version;
}

/** A handler for an event type no scenario sends, so that adding it changes the snapshot and nothing else. */
async function addBystanderHandler(env: ClusterEnvironment, name: string): Promise<void> {
  await createHandler(env.apis[0]!, {
    name,
    event: 'clients.subscriptions.renew',
    target: `${env.receiver.url}/bystander`,
    priority: 1,
    retry: TWO_QUICK_HANDLERS.retry,
    timeoutMs: TWO_QUICK_HANDLERS.timeoutMs,
  });
}

describe('Hookline on a real Temporal server with two workers and two APIs', () => {
  let env: ClusterEnvironment;
  let temporal: Client;

  beforeAll(async () => {
    env = await startClusterEnvironment({ ...TWO_QUICK_HANDLERS, workers: 2, apis: 2 });
    temporal = new Client({ connection: await Connection.connect({ address: env.temporal.address }) });
  }, 180_000);

  afterAll(async () => {
    await temporal?.connection.close();
    await env?.stop();
  });

  it('four processes started at the same moment migrate once and share one schedule of each kind', async () => {
    for (const child of env.children()) expect(child.exited(), `${child.name} is running`).toBe(false);
    const journal = JSON.parse(readFileSync(join(REPO_ROOT, 'db/migrations/meta/_journal.json'), 'utf8')) as {
      entries: unknown[];
    };
    const sql = postgres(env.databaseUrl, { max: 1, onnotice: () => undefined });
    try {
      const [row] = await sql<{ count: number }[]>`select count(*)::int as count from drizzle.__drizzle_migrations`;
      expect(row?.count, 'one row per migration: none applied twice').toBe(journal.entries.length);
    } finally {
      await sql.end();
    }
    const schedules: string[] = [];
    for await (const schedule of temporal.schedule.list()) schedules.push(schedule.scheduleId);
    expect(schedules.sort()).toEqual(['hookline-handler-cache', 'hookline-handler-health', 'hookline-log-retention']);
  });

  it('a publish through either API is active on every worker within 1 s', async () => {
    const timings: number[] = [];
    for (const apiIndex of [0, 1, 0, 1]) {
      await addBystanderHandler(env, `bystander ${timings.length}`);
      const version = await publishThrough(env, apiIndex);
      timings.push(await msUntilActiveEverywhere(env.workers, version, 10_000));
    }
    console.log(`[cluster] publish → active on both workers: ${timings.map((ms) => `${ms} ms`).join(', ')}`);
    for (const ms of timings) expect(ms).toBeLessThanOrEqual(PUBLISH_BOUND_MS);
  });

  it('a worker whose LISTEN connection was dropped still gets the next version', async () => {
    const target = env.workers[0]!;
    const sql = postgres(env.databaseUrl, { max: 1, onnotice: () => undefined });
    try {
      const dropped = await sql<{ pid: number }[]>`
        select pid from pg_stat_activity
        where application_name = ${`hookline-worker/${target.process.pid}`} and query ilike 'listen%'`;
      expect(dropped.length, 'the worker holds a LISTEN connection').toBeGreaterThan(0);
      for (const { pid } of dropped) await sql`select pg_terminate_backend(${pid})`;
    } finally {
      await sql.end();
    }
    // Published at once, while the connection is gone: this notification cannot reach the worker.
    await addBystanderHandler(env, 'bystander after the drop');
    const version = await publishThrough(env, 1);
    const ms = await msUntilActiveEverywhere([target], version, MISSED_NOTIFICATION_BOUND_MS);
    console.log(`[cluster] dropped LISTEN connection: version ${version} active after ${ms} ms`);
    const health = await workerHealth(target);
    expect(health?.code).toBe(200);
  });

  it('an API key revoked through one API stops working on the other within the documented bound', async () => {
    const [first, second] = [env.apis[0]!, env.apis[1]!];
    const created = await call<{ id: number; key: string }>(first, 'POST', '/api/keys', {
      name: 'cluster revocation',
      role: 'operator',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const asKey = { apiUrl: second.apiUrl, adminKey: created.body.key };
    // Used on the second API first, so that it trusts the key from its cache when the revocation comes.
    expect((await call(asKey, 'GET', '/api/keys/me')).status).toBe(200);
    const revoked = await call(first, 'DELETE', `/api/keys/${created.body.id}`);
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(204);
    const revokedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < 10_000) {
      status = (await call(asKey, 'GET', '/api/keys/me')).status;
      if (status === 200) await sleep(50);
    }
    const ms = Date.now() - revokedAt;
    console.log(`[cluster] key revoked through api-1: refused by api-2 after ${ms} ms`);
    expect(status).toBe(401);
    expect(ms).toBeLessThanOrEqual(REVOCATION_BOUND_MS);
  });

  it('delivers by priority with retries, events taken by both APIs and run by both workers', async () => {
    const events = 60;
    const before = await Promise.all(env.workers.map(callsMadeBy));
    const load = startLoad(env.apis, { count: events, prefix: 'cs', type: EVENT_TYPE, concurrency: 4, intervalMs: 30 });
    await until('a quarter of the calls', () => readReceiverLedger(env.receiver.ledgerFile).length >= events / 2);
    // A short outage of the receiver: the calls in it fail, and their retries must succeed, in order.
    await env.receiver.answer({ status: 503, forMs: 1_000 });
    await load.done;
    const accepted = load.accepted();
    expect(load.refused()).toEqual([]);
    const ledger = await settleAndMeasure(env, 'cluster spine', { accepted, refused: [] });
    expectCommonRules(ledger);
    expectRule(ledger, 'attemptOrder', 'attempts of a pair are numbered 1..n with increasing start times');
    expectRule(ledger, 'repeatedAfterSuccess', 'no pair called again after a 2xx');

    const calls = readReceiverLedger(env.receiver.ledgerFile)
      .filter((c) => c.eventId.startsWith('cs-'))
      .sort((a, b) => a.at - b.at);
    expect(calls.filter((c) => c.answered === 503).length, 'the outage was felt').toBeGreaterThan(0);
    // Priority: an event's second handler is first called after its first handler's last call, which succeeded.
    const outOfOrder: string[] = [];
    for (const id of accepted) {
      const first = calls.filter((c) => c.eventId === id && c.path === '/first');
      const second = calls.filter((c) => c.eventId === id && c.path === '/second');
      const lastFirst = Math.max(...first.map((c) => c.at));
      const firstSecond = Math.min(...second.map((c) => c.at));
      if (!(lastFirst <= firstSecond) || first.at(-1)?.answered !== 200) {
        const seen = [...first, ...second].sort((a, b) => a.at - b.at);
        outOfOrder.push(`${id}: ${seen.map((c) => `${c.path}#${c.attempt}→${String(c.answered)}@${c.at}`).join(' ')}`);
      }
    }
    expect(outOfOrder, 'events whose second handler ran before the first had succeeded').toEqual([]);
    // The workers share the task queue: each made some of the calls.
    const made = (await Promise.all(env.workers.map(callsMadeBy))).map((n, i) => n - before[i]!);
    console.log(`[cluster] handler calls per worker: ${made.join(', ')}`);
    for (const n of made) expect(n).toBeGreaterThan(0);
  }, 180_000);

  it('a bulk replay started through one API is seen and cancelled through the other', async () => {
    // A listener that accepts and never answers: every call waits out its 1 s timeout, so replays take a while.
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      await createHandler(env.apis[0]!, {
        name: 'silent',
        event: 'clients.balance_zero',
        target: `http://127.0.0.1:${port}/silent`,
        priority: 1,
        retry: { maxAttempts: 1, initialIntervalMs: 100, backoffCoefficient: 2, maxIntervalMs: 100 },
        timeoutMs: 1_000,
      });
      await publish(env.apis[1]!);
      const ids = Array.from({ length: 12 }, (_, i) => `bz-${i}`);
      for (const [i, id] of ids.entries()) {
        const answer = await call(env.apis[i % 2]!, 'POST', '/api/events', {
          id,
          type: 'clients.balance_zero',
          objectId: id,
          data: { probe: 'cluster' },
        });
        expect(answer.status).toBe(202);
      }
      const { open } = await env.database.waitUntilEnded(ids, 60_000);
      expect(open).toEqual([]);

      const started = await call<{ id: string }>(env.apis[0]!, 'POST', '/api/executions/replay', {
        filter: { event: 'clients.balance_zero', status: 'failed' },
        concurrency: 1,
      });
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      const seen = await call<{ id: string; status: string; total: number | null }>(
        env.apis[1]!,
        'GET',
        `/api/replays/${started.body.id}`
      );
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ id: started.body.id, status: 'running' });

      const cancelled = await call(env.apis[1]!, 'POST', `/api/replays/${started.body.id}/cancel`);
      expect([200, 202]).toContain(cancelled.status);
      let progress = seen.body;
      await until('the bulk replay to end', async () => {
        progress = (await call<typeof progress>(env.apis[0]!, 'GET', `/api/replays/${started.body.id}`)).body;
        return progress.status !== 'running';
      });
      expect(progress.status, 'seen through the first API').toBe('cancelled');
    } finally {
      silent.close();
    }
  }, 120_000);

  it('kill -9 of one worker under load: the other finishes every event, repeating only calls in flight', async () => {
    const events = 240;
    const [victim, survivor] = [env.workers[0]!, env.workers[1]!];
    await env.receiver.answer({ status: 200, delayMs: 100 });
    const load = startLoad(env.apis, { count: events, prefix: 'wk', type: EVENT_TYPE, concurrency: 4, intervalMs: 20 });
    const callsOf = () => readReceiverLedger(env.receiver.ledgerFile).filter((c) => c.eventId.startsWith('wk-'));
    await until('a third of the calls', () => callsOf().length >= (events * 2) / 3, 240_000);
    await victim.process.kill9();
    const killedAt = Date.now();
    await load.done;

    const ledger = await settleAndMeasure(
      { ...env, children: () => [survivor.process, ...env.apis.map((a) => a.process)] },
      'cluster worker kill -9',
      { accepted: load.accepted(), refused: load.refused() }
    );
    expect(load.refused(), 'events refused while one worker was gone').toEqual([]);
    expectCommonRules(ledger);
    const firstAt = new Map<string, number>();
    const notInFlight: string[] = [];
    for (const c of callsOf().sort((a, b) => a.at - b.at)) {
      const pair = `${c.eventId} ${c.path}`;
      const first = firstAt.get(pair);
      if (first === undefined) firstAt.set(pair, c.at);
      else if (first >= killedAt) notInFlight.push(`${pair}: first call after the kill, called again`);
    }
    expect(notInFlight, 'repeats of calls that were not in flight at the kill').toEqual([]);
    expect(survivor.process.exited(), 'the surviving worker is still running').toBe(false);
  }, 300_000);
});
