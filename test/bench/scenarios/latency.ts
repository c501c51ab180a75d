import type { BenchContext } from '../lib/context';
import { openLoop, until } from '../lib/load';
import { type Summary, round, summarize } from '../lib/stats';
import { HANDLER_PATHS, type System, bareDeliverySystem, hooklineSystem } from '../lib/systems';
import type { Options, ScenarioResult } from '../lib/types';
import { dbCounts, ensureThroughputHandlers } from './setup';

type OnAccepted = (id: string, sentAt: number, acceptedAt: number) => void;

interface Phase {
  system: System['name'];
  accept: Summary;
  firstByte: Summary;
  lines: string[];
  balanced: boolean;
}

/** One open-loop run at the latency rate: send → accepted, and accepted → first request at the receiver. */
async function runPhase(
  ctx: BenchContext,
  options: Options,
  factory: (ctx: BenchContext, onAccepted: OnAccepted) => Promise<System>
): Promise<Phase> {
  const receivedBefore = ctx.receiver.total;
  const accepted = new Map<string, { sentAt: number; acceptedAt: number }>();
  ctx.receiver.trackEvents = true;
  ctx.receiver.firstArrival.clear();
  const system = await factory(ctx, (id, sentAt, acceptedAt) => accepted.set(id, { sentAt, acceptedAt }));
  const driven = await openLoop(options.latencyRate, options.latencyDuration * 1000, (i) => system.send(i));
  const drained = await until(() => system.completed() >= system.accepted(), options.drainTimeout * 1000);
  await system.close();
  ctx.receiver.trackEvents = false;
  const acceptTimes: number[] = [];
  const firstByte: number[] = [];
  let missing = 0;
  for (const [id, { sentAt, acceptedAt }] of accepted) {
    acceptTimes.push(acceptedAt - sentAt);
    const arrived = ctx.receiver.firstArrival.get(id);
    if (arrived === undefined) missing++;
    else firstByte.push(arrived - acceptedAt);
  }
  const received = ctx.receiver.total - receivedBefore;
  const balanced =
    drained &&
    driven.failed === 0 &&
    missing === 0 &&
    system.completed() === accepted.size &&
    received === HANDLER_PATHS.length * accepted.size;
  return {
    system: system.name,
    accept: summarize(acceptTimes),
    firstByte: summarize(firstByte),
    balanced,
    lines: [
      `${system.name}: sent ${driven.started}, accepted ${accepted.size}, completed ${system.completed()}, failed sends ${driven.failed}, never delivered ${missing}`,
      `  receiver got ${received} requests vs ${HANDLER_PATHS.length} × ${accepted.size}`,
    ],
  };
}

/**
 * Scenario 2: at a fixed rate, how long `POST /api/events` takes to answer 202 and how long after that the first
 * handler's request reaches the receiver — beside the same two POSTs made by plain activities of a bare workflow
 * started through the client at the same rate (start answered, then first byte), run first in the same context.
 */
export async function latency(ctx: BenchContext, options: Options): Promise<ScenarioResult> {
  await ensureThroughputHandlers(ctx);
  const bare = await runPhase(ctx, options, bareDeliverySystem);
  const ratio = (h: Summary, b: Summary) => ({
    p50: round(h.p50 / b.p50, 2),
    p95: round(h.p95 / b.p95, 2),
    p99: round(h.p99 / b.p99, 2),
    max: round(h.max / b.max, 2),
  });
  const rows: Record<string, string | number>[] = [
    { measure: 'bare: client start → answered', ...bare.accept },
    { measure: 'bare: answered → first byte at receiver', ...bare.firstByte },
  ];
  const lines = [...bare.lines];
  const goals: ScenarioResult['goals'] = [];
  const data: Record<string, unknown> = { bare: { start: bare.accept, firstByte: bare.firstByte } };
  let balanced = bare.balanced;
  // Both ways of making a handler's first call, one after the other at the same rate.
  for (const firstCall of ['activity', 'local'] as const) {
    const before = await dbCounts(ctx);
    const hookline = await runPhase(ctx, options, (c, onAccepted) => hooklineSystem(c, onAccepted, firstCall));
    const after = await dbCounts(ctx);
    const finished = after.finished - before.finished;
    const logs = after.logs - before.logs;
    const accepted = hookline.accept.n;
    balanced &&= hookline.balanced && finished === accepted && logs === HANDLER_PATHS.length * accepted;
    const name = hookline.system;
    const p = hookline.accept;
    const f = hookline.firstByte;
    rows.push(
      { measure: `${name}: POST /api/events → 202`, n: p.n, p50: p.p50, p95: p.p95, p99: p.p99, max: p.max },
      { measure: `  ratio to bare's start`, n: '', ...ratio(p, bare.accept) },
      { measure: `${name}: 202 → first byte at receiver`, ...f },
      { measure: `  ratio to bare's first byte`, n: '', ...ratio(f, bare.firstByte) }
    );
    lines.push(
      ...hookline.lines,
      `  executions finished ${finished} vs accepted ${accepted}; log rows ${logs} vs ${HANDLER_PATHS.length} × ${accepted}`
    );
    goals.push(
      { goal: `${name}: accepted → first byte p99 ≤ 100 ms`, value: `${f.p99} ms`, met: f.p99 <= 100 },
      { goal: `${name}: POST /api/events p99 ≤ 50 ms`, value: `${p.p99} ms`, met: p.p99 <= 50 }
    );
    data[firstCall === 'local' ? 'localFirst' : 'hookline'] = { post: p, firstByte: f };
  }
  return {
    scenario: 'latency',
    title: `Latency at ${options.latencyRate} events/s for ${options.latencyDuration} s each (ms)`,
    rows,
    ledger: { balanced, lines },
    goals,
    notes: [],
    data,
  };
}
