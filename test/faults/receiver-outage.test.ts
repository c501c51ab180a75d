import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RetryPolicy } from './support/api-client';
import { expectCommonRules, expectRule, settleAndMeasure } from './support/checks';
import { EVENT_TYPE, type Environment, startEnvironment } from './support/environment';
import { readReceiverLedger } from './support/ledger';
import { startLoad, until } from './support/load';

const EVENTS = 100;
// 200 + 400 + 800 ms of first retries; then 1.5 s apart: ten attempts span about 10 s.
const RETRY: RetryPolicy = { maxAttempts: 10, initialIntervalMs: 200, backoffCoefficient: 2, maxIntervalMs: 1_500 };
// First 503 for a while, then no listener at all: together longer than the first three retries, well within the
// policy's whole span.
const FAILING_MS = 1_500;
const DOWN_MS = 4_000;

describe('receiver outage longer than the first retries', () => {
  let env: Environment;

  beforeAll(async () => {
    env = await startEnvironment({ paths: ['/first', '/second'], retry: RETRY, timeoutMs: 2_000 });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('delivers every event within its policy, attempts logged in order', async () => {
    const load = startLoad(env.hookline, {
      count: EVENTS,
      prefix: 'ro',
      type: EVENT_TYPE,
      concurrency: 2,
      intervalMs: 50,
    });
    await until('a fifth of the calls', () => readReceiverLedger(env.receiver.ledgerFile).length >= (EVENTS * 2) / 5);
    await env.receiver.answer({ status: 503, forMs: FAILING_MS });
    await sleep(FAILING_MS);
    await env.receiver.down();
    await sleep(DOWN_MS);
    await env.receiver.up();
    await load.done;

    const accepted = load.accepted();
    const ledger = await settleAndMeasure(env, 'receiver outage', { accepted, refused: load.refused() });
    const attempts = await env.database.attempts(accepted);
    const perPair = new Map<string, typeof attempts>();
    for (const a of attempts) {
      const key = `${a.eventId} ${a.handlerId}`;
      perPair.set(key, [...(perPair.get(key) ?? []), a]);
    }
    const retried = [...perPair.values()].filter((rows) => rows.length > 1).length;
    const refusedAtConnect = attempts.filter((a) => /ECONNREFUSED/.test(a.error ?? '')).length;
    const answered503 = attempts.filter((a) => a.responseStatus === 503).length;
    console.log(
      `[faults] receiver outage: pairs retried=${retried} attempts answered 503=${answered503} refused at connect=${refusedAtConnect}`
    );

    expect.soft(load.refused(), 'events refused while only the receiver was down').toEqual([]);
    // The outage must have been felt, or this scenario proved nothing.
    expect.soft(answered503, 'attempts answered 503 while the receiver was failing').toBeGreaterThan(0);
    expect.soft(refusedAtConnect, 'attempts refused while the receiver was down').toBeGreaterThan(0);
    expect
      .soft(
        [...perPair.entries()]
          .filter(([, rows]) => rows.length > RETRY.maxAttempts || rows.at(-1)?.status !== 'succeeded')
          .map(([pair, rows]) => `${pair}: ${rows.length} attempts, last ${rows.at(-1)?.status}`),
        'every pair delivered within its policy: at most maxAttempts, the last one succeeded'
      )
      .toEqual([]);
    expectCommonRules(ledger);
    expectRule(ledger, 'attemptOrder', 'attempts of a pair are numbered 1..n with increasing start times');
    // The rows behind the first broken pairs, to tell a missing row from a misnumbered one.
    for (const example of ledger.attemptOrder.examples.slice(0, 3)) {
      const [eventId, path] = example.split(/[ :]/);
      const handlerId = [...env.handlers].find(([, p]) => p === path)?.[0];
      const rows = perPair.get(`${eventId} ${handlerId}`) ?? [];
      console.log(
        `[faults] receiver outage: ${eventId} ${path} rows: ${rows
          .map((r) => `#${r.attempt} ${r.status} ${r.responseStatus ?? r.error} at ${r.startedAt.toISOString()}`)
          .join(' | ')}`
      );
    }
    // What the receiver saw of one pair is in order too: envelope attempt numbers only go up.
    const calls = readReceiverLedger(env.receiver.ledgerFile).sort((a, b) => a.at - b.at);
    const lastAttempt = new Map<string, number>();
    const outOfOrder: string[] = [];
    for (const c of calls) {
      const key = `${c.eventId} ${c.path}`;
      const previous = lastAttempt.get(key) ?? 0;
      if (c.attempt <= previous) outOfOrder.push(`${key}: attempt ${c.attempt} after ${previous}`);
      lastAttempt.set(key, c.attempt);
    }
    expect.soft(outOfOrder, 'envelope attempt numbers increase per pair').toEqual([]);
  }, 300_000);
});
