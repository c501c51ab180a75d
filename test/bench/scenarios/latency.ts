import type { BenchContext } from '../lib/context';
import { openLoop, until } from '../lib/load';
import { summarize } from '../lib/stats';
import { HANDLER_PATHS, hooklineSystem } from '../lib/systems';
import type { Options, ScenarioResult } from '../lib/types';
import { dbCounts, ensureThroughputHandlers } from './setup';

export async function latency(ctx: BenchContext, options: Options): Promise<ScenarioResult> {
  await ensureThroughputHandlers(ctx);
  const before = await dbCounts(ctx);
  const accepted = new Map<string, { sentAt: number; acceptedAt: number }>();
  ctx.receiver.trackEvents = true;
  ctx.receiver.firstArrival.clear();
  const system = await hooklineSystem(ctx, (id, sentAt, acceptedAt) => accepted.set(id, { sentAt, acceptedAt }));
  const driven = await openLoop(options.latencyRate, options.latencyDuration * 1000, (i) => system.send(i));
  const drained = await until(() => system.completed() >= system.accepted(), options.drainTimeout * 1000);
  await system.close();
  ctx.receiver.trackEvents = false;
  const post: number[] = [];
  const firstByte: number[] = [];
  let missing = 0;
  for (const [id, { sentAt, acceptedAt }] of accepted) {
    post.push(acceptedAt - sentAt);
    const arrived = ctx.receiver.firstArrival.get(id);
    if (arrived === undefined) missing++;
    else firstByte.push(arrived - acceptedAt);
  }
  const after = await dbCounts(ctx);
  const finished = after.finished - before.finished;
  const logs = after.logs - before.logs;
  const balanced =
    drained &&
    driven.failed === 0 &&
    missing === 0 &&
    finished === accepted.size &&
    logs === HANDLER_PATHS.length * accepted.size;
  const p = summarize(post);
  const f = summarize(firstByte);
  return {
    scenario: 'latency',
    title: `Latency at ${options.latencyRate} events/s for ${options.latencyDuration} s (ms)`,
    rows: [
      { measure: 'POST /api/events → 202', ...p },
      { measure: 'accepted (202) → first byte at receiver', ...f },
    ],
    ledger: {
      balanced,
      lines: [
        `sent ${driven.started}, accepted ${accepted.size}, failed sends ${driven.failed}, never delivered ${missing}`,
        `executions finished ${finished} vs accepted ${accepted.size}; log rows ${logs} vs ${HANDLER_PATHS.length} × ${accepted.size}`,
      ],
    },
    goals: [
      { goal: 'accepted → first byte p99 ≤ 250 ms', value: `${f.p99} ms`, met: f.p99 <= 250 },
      { goal: 'POST /api/events p99 ≤ 50 ms', value: `${p.p99} ms`, met: p.p99 <= 50 },
    ],
    notes: [],
    data: { post: p, firstByte: f },
  };
}
