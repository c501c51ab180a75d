import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCommonRules, settleAndMeasure } from './support/checks';
import { EVENT_TYPE, type Environment, startEnvironment, TWO_QUICK_HANDLERS } from './support/environment';
import { readReceiverLedger } from './support/ledger';
import { startLoad, until } from './support/load';

const EVENTS = 300;

// Both ways of making a handler's first call; a repeat may follow only a call in flight at the kill, either way.
describe.each(['activity', 'local'])('worker kill -9 in the middle of the load, first calls as %s', (firstCall) => {
  let env: Environment;

  beforeAll(async () => {
    // A killed call waits out its start-to-close timeout (handler timeout + the logging margin) before its retry.
    env = await startEnvironment({ ...TWO_QUICK_HANDLERS, env: { HOOKLINE_FIRST_CALL: firstCall } });
    // An answer delay keeps some calls open at the instant of the kill, which is what this scenario is about.
    await env.receiver.answer({ status: 200, delayMs: 100 });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('loses nothing; only calls in flight are repeated, under the same webhook-id', async () => {
    const load = startLoad(env.hookline, {
      count: EVENTS,
      prefix: 'wk',
      type: EVENT_TYPE,
      concurrency: 4,
      intervalMs: 20,
    });
    const callsSoFar = () => readReceiverLedger(env.receiver.ledgerFile).length;
    // On a busy machine the first third can take more than a minute: the deadline only turns a hang into a failure.
    await until('a third of the calls', () => callsSoFar() >= (EVENTS * 2) / 3, 240_000);
    await env.hookline.worker.kill9();
    const killedAt = Date.now();
    // The task queue stays without a worker for a moment, as when a host dies and another one takes over.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    env.hookline.startWorker();
    await load.done;

    const ledger = await settleAndMeasure(env, `worker kill -9, first calls as ${firstCall}`, {
      accepted: load.accepted(),
      refused: load.refused(),
    });
    // The API and Temporal stayed up: every event was accepted.
    expect.soft(load.refused(), 'events refused while only the worker was down').toEqual([]);
    expectCommonRules(ledger);

    // A repeat is only allowed for a call that had started before the kill (it was in flight when the worker died).
    const calls = readReceiverLedger(env.receiver.ledgerFile).sort((a, b) => a.at - b.at);
    const firstAt = new Map<string, number>();
    const notInFlight: string[] = [];
    for (const call of calls) {
      const pair = `${call.eventId} ${call.path}`;
      const first = firstAt.get(pair);
      if (first === undefined) firstAt.set(pair, call.at);
      else if (first >= killedAt) notInFlight.push(`${pair}: first call after the kill, called again`);
    }
    expect.soft(notInFlight, 'repeats of calls that were not in flight at the kill').toEqual([]);
  }, 300_000);
});
