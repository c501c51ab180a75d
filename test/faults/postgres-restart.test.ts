import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './support/api-client';
import { expectCommonRules, expectRule, settleAndMeasure } from './support/checks';
import { EVENT_TYPE, type Environment, startEnvironment, TWO_QUICK_HANDLERS } from './support/environment';
import { readReceiverLedger } from './support/ledger';
import { startLoad, until } from './support/load';

const EVENTS = 120;
// Held open between `stop -m fast` and `start` so that attempts finishing in between have to wait for the database.
const DOWN_MS = 4_000;

interface Probe {
  path: string;
  status: number;
  sentAt: number;
  at: number;
}

describe('PostgreSQL restart under load', () => {
  let env: Environment;

  beforeAll(async () => {
    env = await startEnvironment(TWO_QUICK_HANDLERS);
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('repeats no call because of logging, loses no attempt row, and answers 503 while it is down', async () => {
    const load = startLoad(env.hookline, {
      count: EVENTS,
      prefix: 'pg',
      type: EVENT_TYPE,
      concurrency: 2,
      intervalMs: 50,
    });
    await until('a sixth of the calls', () => readReceiverLedger(env.receiver.ledgerFile).length >= EVENTS / 3);

    // Reads that need the database, asked all through the restart.
    const probes: Probe[] = [];
    let probing = true;
    const prober = (async () => {
      while (probing) {
        for (const path of ['/api/executions?limit=1', '/api/cache']) {
          const sentAt = Date.now();
          const answer = await call(env.hookline, 'GET', path);
          probes.push({ path, status: answer.status, sentAt, at: Date.now() });
        }
        await sleep(200);
      }
    })();
    const stoppingAt = Date.now();
    await env.cluster.restart({ downMs: DOWN_MS });
    const backAt = Date.now();
    await sleep(1_000);
    probing = false;
    await prober;
    await load.done;

    const whileDown = probes.filter((p) => p.sentAt > stoppingAt && p.at < backAt);
    const ledger = await settleAndMeasure(
      env,
      'PostgreSQL restart',
      { accepted: load.accepted(), refused: load.refused() },
      { refused: load.refused().length, probesWhileDown: whileDown.length }
    );

    expect.soft(whileDown.filter((p) => p.status === 503).length, 'reads answered 503 while down').toBeGreaterThan(0);
    expect
      .soft(
        probes.filter((p) => p.status !== 200 && p.status !== 503).map((p) => `${p.path}: ${p.status}`),
        'reads answer 200 or 503, never 500'
      )
      .toEqual([]);
    expect
      .soft(
        load.answers.filter((a) => a.status !== 202 && a.status !== 503).map((a) => `${a.id}: ${a.status}`),
        'POST /api/events answers 202 or 503, never 500'
      )
      .toEqual([]);
    expectCommonRules(ledger);
    expectRule(ledger, 'refusedLeftTraces', 'a refused event has no execution row and reached no receiver');
    expectRule(
      ledger,
      'repeatedAfterSuccess',
      'a pair is called again only when the previous answer for it was not 2xx (no repeat caused by logging)'
    );
  }, 300_000);
});
