import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './support/api-client';
import { expectCommonRules, settleAndMeasure } from './support/checks';
import { EVENT_TYPE, type Environment, startEnvironment, TWO_QUICK_HANDLERS } from './support/environment';
import { readReceiverLedger } from './support/ledger';
import { until } from './support/load';

const KEYS = 20;
const EVENTS_PER_KEY = 10;

/** `ok-<key>-<i>` → key and i. */
function parse(eventId: string): { key: number; index: number } {
  const [, key, index] = eventId.split('-');
  return { key: Number(key), index: Number(index) };
}

describe('worker kill -9 while events of ordered keys run', () => {
  let env: Environment;

  beforeAll(async () => {
    env = await startEnvironment(TWO_QUICK_HANDLERS);
    const patched = await call(env.hookline, 'PATCH', `/api/catalog/events/${EVENT_TYPE}`, { ordering: 'object' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    // Calls open at the kill are what it is about: the receiver takes 100 ms to answer.
    await env.receiver.answer({ status: 200, delayMs: 100 });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('keeps every key in the accepted order and loses nothing', async () => {
    const accepted: string[] = [];
    const refused: string[] = [];
    // One lane per key: each event of a key is accepted (202) before the next is posted, so the accepted order of a
    // key is its index order. The keys' lanes run side by side.
    const lanes = Array.from({ length: KEYS }, async (_, key) => {
      for (let index = 0; index < EVENTS_PER_KEY; index++) {
        const id = `ok-${key}-${index}`;
        const answer = await call(env.hookline, 'POST', '/api/events', {
          id,
          type: EVENT_TYPE,
          objectId: `k${key}`,
          data: { probe: 'faults' },
        });
        (answer.status === 202 ? accepted : refused).push(id);
      }
    });
    const calls = () => readReceiverLedger(env.receiver.ledgerFile);
    await until('a third of the calls', () => calls().length >= (KEYS * EVENTS_PER_KEY * 2) / 3, 240_000);
    await env.hookline.worker.kill9();
    const killedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    env.hookline.startWorker();
    await Promise.all(lanes);

    const ledger = await settleAndMeasure(env, 'ordered keys, worker kill -9', { accepted, refused });
    expect.soft(refused, 'events refused while only the worker was down').toEqual([]);
    expectCommonRules(ledger);

    // The order: on each key, every call of event i (both handlers, every retry or repeat) comes before any call of
    // event i + 1, before and after the kill.
    const byKey = new Map<number, { index: number; at: number; path: string }[]>();
    for (const c of calls().sort((a, b) => a.at - b.at)) {
      if (!c.eventId.startsWith('ok-')) continue;
      const { key, index } = parse(c.eventId);
      byKey.set(key, [...(byKey.get(key) ?? []), { index, at: c.at, path: c.path }]);
    }
    const outOfOrder: string[] = [];
    for (const [key, seen] of byKey) {
      const indices = seen.map((s) => s.index);
      if (!indices.every((n, at) => at === 0 || n >= indices[at - 1]!))
        outOfOrder.push(`key ${key}: ${indices.join(',')}`);
      for (const path of ['/first', '/second']) {
        const firsts = [...new Set(seen.filter((s) => s.path === path).map((s) => s.index))];
        if (firsts.join(',') !== [...Array(EVENTS_PER_KEY).keys()].join(','))
          outOfOrder.push(`key ${key} ${path}: ${firsts.join(',')}`);
      }
    }
    const afterKill = calls().filter((c) => c.at > killedAt).length;
    console.log(
      `[faults] ordered keys, worker kill -9: keys=${KEYS} outOfOrder=${outOfOrder.length} callsAfterKill=${afterKill}`
    );
    expect(afterKill, 'the kill landed before the load ended').toBeGreaterThan(0);
    expect(outOfOrder).toEqual([]);
  }, 400_000);
});
