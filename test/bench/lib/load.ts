import { performance } from 'node:perf_hooks';
import { sleep } from './stats';

export interface Driven {
  started: number;
  failed: number;
  errors: string[];
  /** Sends still unanswered when the driver returned (awaited before it returns). */
  elapsedMs: number;
}

/**
 * Open loop: send number i at t0 + i / rate, whatever happened to the earlier ones (a late scheduler catches up at
 * once), for durationMs — bounded by rate × duration sends. Resolves when every send has settled.
 */
export async function openLoop(rate: number, durationMs: number, send: (i: number) => Promise<void>): Promise<Driven> {
  const total = Math.max(1, Math.floor((rate * durationMs) / 1000));
  const t0 = performance.now();
  const pending = new Set<Promise<void>>();
  const out: Driven = { started: 0, failed: 0, errors: [], elapsedMs: 0 };
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    out.started++;
    const p = send(i).catch((err: unknown) => {
      out.failed++;
      if (out.errors.length < 5) out.errors.push(String(err));
    });
    pending.add(p);
    void p.finally(() => pending.delete(p));
  }
  await Promise.all(pending);
  out.elapsedMs = performance.now() - t0;
  return out;
}

/**
 * Closed loop: keep at most `window` units of work unfinished (started − completed()), for durationMs. `completed` is
 * read often, so it must be cheap (a counter updated elsewhere).
 */
export async function closedLoop(
  window: number,
  durationMs: number,
  send: (i: number) => Promise<void>,
  completed: () => number,
  maxSends: number
): Promise<Driven> {
  const t0 = performance.now();
  const end = t0 + durationMs;
  const pending = new Set<Promise<void>>();
  const out: Driven = { started: 0, failed: 0, errors: [], elapsedMs: 0 };
  while (performance.now() < end && out.started < maxSends) {
    if (out.started - out.failed - completed() >= window) {
      await sleep(2);
      continue;
    }
    const i = out.started++;
    const p = send(i).catch((err: unknown) => {
      out.failed++;
      if (out.errors.length < 5) out.errors.push(String(err));
    });
    pending.add(p);
    void p.finally(() => pending.delete(p));
    // Let the event loop breathe between sends.
    if (out.started % 16 === 0) await sleep(0);
  }
  await Promise.all(pending);
  out.elapsedMs = performance.now() - t0;
  return out;
}

/** Polls a count every `everyMs` into `value`, until stopped; remembers (time, value) samples. */
export class CountPoller {
  value = 0;
  readonly samples: { at: number; value: number }[] = [];
  private running = true;
  private loop: Promise<void>;

  constructor(
    private readonly read: () => Promise<number>,
    everyMs = 200
  ) {
    this.loop = (async () => {
      while (this.running) {
        try {
          this.value = await this.read();
          this.samples.push({ at: performance.now(), value: this.value });
        } catch {
          // a slow or failed count: try again next time
        }
        await sleep(everyMs);
      }
    })();
  }

  /** The count at time `at` (linear between samples). */
  valueAt(at: number): number {
    const s = this.samples;
    if (s.length === 0) return 0;
    if (at <= s[0]!.at) return s[0]!.value;
    for (let i = 1; i < s.length; i++) {
      if (s[i]!.at >= at) {
        const a = s[i - 1]!;
        const b = s[i]!;
        return a.value + ((b.value - a.value) * (at - a.at)) / (b.at - a.at || 1);
      }
    }
    return s[s.length - 1]!.value;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

/** Waits until `done()` holds, checking every 200 ms, at most `timeoutMs`; answers whether it held. */
export async function until(done: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await done()) return true;
    await sleep(200);
  }
  return done();
}
