import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { BenchContext } from './context';
import { CountPoller } from './load';

export const EVENT_TYPE = 'clients.create';
export const HANDLER_PATHS = ['/t1', '/t2'];

/** One way of processing an event: send one, and a counter of finished ones. */
export interface System {
  name:
    | 'bare Temporal'
    | 'bare + 2 local'
    | 'bare all local'
    | 'bare delivery'
    | 'Hookline'
    | 'Hookline, local 1st'
    | 'Hookline, ordered, 50 keys'
    | 'Hookline, ordered, 1 key'
    | 'direct';
  send(i: number): Promise<void>;
  completed(): number;
  /** Completed count at a moment (performance.now()). */
  completedAt(at: number): number;
  accepted(): number;
  /** The workflows of the latest events this system started (none for `direct`), to read their histories. */
  recentWorkflowIds?(): string[];
  close(): Promise<void>;
}

/** How many of a run's last workflows are read back to report the history each event costs. */
const HISTORY_SAMPLE = 20;

async function visibilityCount(ctx: BenchContext, type: string, queue: string): Promise<number> {
  const { count } = await ctx.client.workflow.count(
    `WorkflowType = '${type}' AND TaskQueue = '${queue}' AND ExecutionStatus = 'Completed'`
  );
  return count;
}

async function temporalSystem(
  ctx: BenchContext,
  name: System['name'],
  type: string,
  queue: string,
  start: (i: number) => Promise<string>
): Promise<System> {
  const base = await visibilityCount(ctx, type, queue);
  const poller = new CountPoller(async () => (await visibilityCount(ctx, type, queue)) - base, 200);
  let accepted = 0;
  const recent: string[] = [];
  return {
    name,
    async send(i) {
      recent.push(await start(i));
      if (recent.length > HISTORY_SAMPLE) recent.shift();
      accepted++;
    },
    completed: () => poller.value,
    completedAt: (at) => poller.valueAt(at),
    accepted: () => accepted,
    recentWorkflowIds: () => [...recent],
    close: () => poller.stop(),
  };
}

export function bareSystem(ctx: BenchContext): Promise<System> {
  return temporalSystem(ctx, 'bare Temporal', 'bareEvent', ctx.bareQueue, async () => {
    const id = randomUUID();
    await ctx.client.workflow.start('bareEvent', { taskQueue: ctx.bareQueue, workflowId: `bare-${id}`, args: [id] });
    return `bare-${id}`;
  });
}

/** The bare baseline with a no-op local activity before and after, where Hookline records its start and outcome. */
export function bareWithRecordsSystem(ctx: BenchContext): Promise<System> {
  return temporalSystem(ctx, 'bare + 2 local', 'bareEventWithRecords', ctx.bareQueue, async () => {
    const id = randomUUID();
    await ctx.client.workflow.start('bareEventWithRecords', {
      taskQueue: ctx.bareQueue,
      workflowId: `bare-records-${id}`,
      args: [id],
    });
    return `bare-records-${id}`;
  });
}

/** The same four steps, every one a local activity: one workflow task per event. */
export function bareAllLocalSystem(ctx: BenchContext): Promise<System> {
  return temporalSystem(ctx, 'bare all local', 'bareEventAllLocal', ctx.bareQueue, async () => {
    const id = randomUUID();
    await ctx.client.workflow.start('bareEventAllLocal', {
      taskQueue: ctx.bareQueue,
      workflowId: `bare-all-local-${id}`,
      args: [id],
    });
    return `bare-all-local-${id}`;
  });
}

/**
 * The latency baseline: `client.workflow.start` of a workflow whose two plain activities POST to the receiver as
 * Hookline's handlers do; `onAccepted` sees each event id with the send and start-answered times.
 */
export function bareDeliverySystem(
  ctx: BenchContext,
  onAccepted?: (id: string, sentAt: number, acceptedAt: number) => void
): Promise<System> {
  const urls = HANDLER_PATHS.map((path) => `${ctx.receiver.url}${path}`);
  return temporalSystem(ctx, 'bare delivery', 'bareDelivery', ctx.bareQueue, async () => {
    const id = randomUUID();
    const sentAt = performance.now();
    await ctx.client.workflow.start('bareDelivery', {
      taskQueue: ctx.bareQueue,
      workflowId: `bare-delivery-${id}`,
      args: [id, urls],
    });
    onAccepted?.(id, sentAt, performance.now());
    return `bare-delivery-${id}`;
  });
}

/** Is this one of Hookline's configurations (whose runs also have executions, log rows and receiver hits)? */
export function isHookline(name: System['name']): boolean {
  return name.startsWith('Hookline');
}

/**
 * POST /api/events; `onAccepted` sees each event id with the send and 202 times. `firstCall` runs the worker with
 * HOOKLINE_FIRST_CALL set and nothing else of its own (restarting it if need be); without it, the worker runs as it is.
 */
export async function hooklineSystem(
  ctx: BenchContext,
  onAccepted?: (id: string, sentAt: number, acceptedAt: number) => void,
  firstCall?: 'local' | 'activity',
  objects?: { name: System['name']; objectOf: (i: number) => string }
): Promise<System> {
  if (firstCall) await ctx.setWorkerEnv({ HOOKLINE_FIRST_CALL: firstCall });
  const name = objects?.name ?? (firstCall === 'local' ? 'Hookline, local 1st' : 'Hookline');
  const objectOf = objects?.objectOf ?? String;
  return temporalSystem(ctx, name, 'processEvent', ctx.taskQueue, async (i) => {
    const id = randomUUID();
    const sentAt = performance.now();
    const res = await fetch(`${ctx.apiUrl}/api/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id, type: EVENT_TYPE, objectId: objectOf(i), data: { n: i } }),
    });
    const text = await res.text();
    if (res.status !== 202) throw new Error(`POST /api/events answered ${res.status}: ${text.slice(0, 200)}`);
    onAccepted?.(id, sentAt, performance.now());
    return (JSON.parse(text) as { workflowId: string }).workflowId;
  });
}

/** The floor of the HTTP work: the same two POSTs per event, one after the other, with no durability. */
export async function directSystem(ctx: BenchContext): Promise<System> {
  let accepted = 0;
  let completed = 0;
  const marks: { at: number; value: number }[] = [];
  return {
    name: 'direct',
    async send(i) {
      accepted++;
      const id = randomUUID();
      const body = JSON.stringify({
        event: { id, events_id: EVENT_TYPE, object_id: String(i), dt: new Date().toISOString(), attempt: 1 },
        data: { n: i },
      });
      for (const path of HANDLER_PATHS) {
        const res = await fetch(`${ctx.receiver.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'hookline-bench' },
          body,
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`receiver answered ${res.status}`);
      }
      completed++;
      if (completed % 10 === 0) marks.push({ at: performance.now(), value: completed });
    },
    completed: () => completed,
    completedAt(at) {
      let value = 0;
      for (const m of marks) {
        if (m.at > at) break;
        value = m.value;
      }
      return value;
    },
    accepted: () => accepted,
    close: async () => undefined,
  };
}
