import { setTimeout as sleep } from 'node:timers/promises';
import { type ApiTarget, postEvent } from './api-client';

export interface EventAnswer {
  id: string;
  status: number;
  retryAfter: string | null;
  sentAt: number;
  at: number;
}

export interface Load {
  /** Every answer so far, in the order they came. */
  readonly answers: EventAnswer[];
  readonly done: Promise<void>;
  accepted(): string[];
  /** Events answered anything but 202 (never sent again). */
  refused(): string[];
}

export interface LoadOptions {
  count: number;
  /** Event ids are `<prefix>-<n>`, so that scenarios never share one. */
  prefix: string;
  type: string;
  /** Requests in flight at once. */
  concurrency: number;
  /** Pause of each lane between its requests: spreads the events over time, so that a fault lands among them. */
  intervalMs: number;
}

/**
 * Posts `count` events through the API, a bounded number at a time, keeping every answer. Given several API processes,
 * the lanes take turns among them, as clients behind a load balancer would.
 */
export function startLoad(apis: ApiTarget | ApiTarget[], options: LoadOptions): Load {
  const targets = Array.isArray(apis) ? apis : [apis];
  const answers: EventAnswer[] = [];
  let next = 0;
  const lane = async (target: ApiTarget) => {
    while (next < options.count) {
      const id = `${options.prefix}-${next++}`;
      answers.push(await sendEvent(target, id, options.type));
      if (options.intervalMs > 0) await sleep(options.intervalMs);
    }
  };
  const lanes = Array.from({ length: options.concurrency }, (_, i) => lane(targets[i % targets.length]!));
  const done = Promise.all(lanes).then(() => undefined);
  return {
    answers,
    done,
    accepted: () => answers.filter((a) => a.status === 202).map((a) => a.id),
    refused: () => answers.filter((a) => a.status !== 202).map((a) => a.id),
  };
}

/** One event through the API, with what came back and when. */
export async function sendEvent(hookline: ApiTarget, id: string, type: string): Promise<EventAnswer> {
  const sentAt = Date.now();
  const answer = await postEvent(hookline, id, type);
  return { id, status: answer.status, retryAfter: answer.headers.get('retry-after'), sentAt, at: Date.now() };
}

/** Polls `condition` every 100 ms; fails after `timeoutMs` with `what` (a hang becomes a message, not a stuck run). */
export async function until(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 60_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
