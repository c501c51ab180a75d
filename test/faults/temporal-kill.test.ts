import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCommonRules, expectRule, settleAndMeasure } from './support/checks';
import { EVENT_TYPE, type Environment, startEnvironment, TWO_QUICK_HANDLERS } from './support/environment';
import { type EventAnswer, sendEvent, startLoad, until } from './support/load';

const BEFORE = 60;
const AFTER = 60;
// Long enough for several refused posts (each waits out the API's start deadline, about 6 s today) and for the
// worker's pollers to notice the server is gone.
const DOWN_MS = 8_000;
const PROBE_LANES = 3;

describe('Temporal dev server kill -9 and restart on the same file database', () => {
  let env: Environment;

  beforeAll(async () => {
    env = await startEnvironment(TWO_QUICK_HANDLERS);
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('loses nothing, refuses with 503 + Retry-After while down, and leaves nothing half-written', async () => {
    const before = startLoad(env.hookline, {
      count: BEFORE,
      prefix: 'tk-a',
      type: EVENT_TYPE,
      concurrency: 2,
      intervalMs: 50,
    });
    await until('a third of the first events accepted', () => before.accepted().length >= BEFORE / 3);
    await env.temporal.kill9();
    const killedAt = Date.now();

    // Posts of our own while it is down, a few lanes at once: each refusal takes the API's whole start deadline.
    const probes: EventAnswer[] = [];
    let probeId = 0;
    const probeLane = async () => {
      while (Date.now() - killedAt < DOWN_MS) {
        probes.push(await sendEvent(env.hookline, `tk-down-${probeId++}`, EVENT_TYPE));
        await sleep(200);
      }
    };
    await Promise.all(Array.from({ length: PROBE_LANES }, probeLane));
    await env.restartTemporal();
    const restartedAt = Date.now();

    // Back when the API accepts again; every refused probe on the way stays refused (a client would resend it).
    await until(
      'the API accepting events again',
      async () => {
        const answer = await sendEvent(env.hookline, `tk-back-${probeId++}`, EVENT_TYPE);
        probes.push(answer);
        if (answer.status !== 202) await sleep(500);
        return answer.status === 202;
      },
      90_000
    );
    await before.done;
    const after = startLoad(env.hookline, {
      count: AFTER,
      prefix: 'tk-b',
      type: EVENT_TYPE,
      concurrency: 2,
      intervalMs: 50,
    });
    await after.done;

    const answers = [...before.answers, ...probes, ...after.answers];
    const accepted = answers.filter((a) => a.status === 202).map((a) => a.id);
    const refused = answers.filter((a) => a.status !== 202).map((a) => a.id);
    // Sent after the kill and answered before the restart: Temporal was down for the whole exchange.
    const whileDown = answers.filter((a) => a.sentAt >= killedAt && a.at <= restartedAt);
    const timeline = probes.map((a) => `${a.id} ${a.status} +${a.sentAt - killedAt}ms..+${a.at - killedAt}ms`);
    console.log(`[faults] Temporal kill -9: restarted at +${restartedAt - killedAt}ms; probes: ${timeline.join(', ')}`);
    const ledger = await settleAndMeasure(
      env,
      'Temporal kill -9',
      { accepted, refused },
      { refused: refused.length, answeredWhileDown: whileDown.length }
    );

    expect.soft(whileDown.length, 'posts answered while Temporal was down').toBeGreaterThan(0);
    expect
      .soft(
        whileDown.filter((a) => a.status !== 503 || a.retryAfter === null).map((a) => `${a.id}: ${a.status}`),
        'while down, POST /api/events answers 503 with Retry-After, never 202'
      )
      .toEqual([]);
    expect
      .soft(
        answers.filter((a) => a.status !== 202 && a.status !== 503).map((a) => `${a.id}: ${a.status}`),
        'every answer is 202 or 503'
      )
      .toEqual([]);
    expectCommonRules(ledger);
    expectRule(ledger, 'refusedLeftTraces', 'a refused event has no execution row and reached no receiver');
  }, 300_000);
});
