// One throughput run, shared by the throughput and memory scenarios: drive a system open-loop or at saturation,
// drain, and check its ledger.
import { performance } from 'node:perf_hooks';
import type { BenchContext } from '../lib/context';
import { CpuMeter } from '../lib/cpu';
import type { EngineName } from '../lib/engines';
import { type HistoryShape, historyShape } from '../lib/history-shape';
import { closedLoop, openLoop, until } from '../lib/load';
import { round } from '../lib/stats';
import {
  type System,
  HANDLER_PATHS,
  bareAllLocalSystem,
  bareSystem,
  bareWithRecordsSystem,
  directSystem,
  hooklineSystem,
  isHookline,
} from '../lib/systems';
import type { Ledger, Options } from '../lib/types';
import { dbCounts } from './setup';

export interface Run {
  engine: EngineName;
  system: System['name'];
  /** Worker processes on the task queue during the run. */
  workers: number;
  mode: string;
  sent: number;
  accepted: number;
  failedSends: number;
  completed: number;
  eventsPerSecond: number;
  drained: boolean;
  ledger: Ledger;
  /** CPU milliseconds per accepted event, by process group, from the first send to the end of draining. */
  cpuMsPerEvent: Record<string, number>;
  /** Cores busy on average over the same span, by process group. */
  cores: Record<string, number>;
  /** History events, workflow tasks and history bytes per event, from the run's last workflows; null for `direct`. */
  history: HistoryShape | null;
}

export type Factory = (ctx: BenchContext) => Promise<System>;

export async function runOne(
  ctx: BenchContext,
  factory: Factory,
  mode: 'open' | 'saturation',
  options: Options
): Promise<Run> {
  // Runs must not overlap: a workflow of the previous run that finishes during this one would be counted as this
  // run's, and its ledger would not balance. Wait (bounded) until nothing of any system is still running.
  await until(
    async () => (await ctx.client.workflow.count(`ExecutionStatus = 'Running'`)).count === 0,
    options.drainTimeout * 1000
  );
  const before = await dbCounts(ctx);
  const receivedBefore = ctx.receiver.total;
  const system = await factory(ctx);
  const cpuBefore = ctx.cpu.snapshot();
  const durationMs = options.duration * 1000;
  const t0 = performance.now();
  const driven =
    mode === 'open'
      ? await openLoop(options.rate, durationMs, (i) => system.send(i))
      : await closedLoop(
          options.window,
          durationMs,
          (i) => system.send(i),
          () => system.completed(),
          // a bound well above any rate this machine reaches
          5_000 * options.duration
        );
  const measuredFrom = t0 + options.warmup * 1000;
  const measuredTo = t0 + durationMs;
  const drained = await until(() => system.completed() >= system.accepted(), options.drainTimeout * 1000);
  const cpu = CpuMeter.spent(cpuBefore, ctx.cpu.snapshot());
  // one more poll interval, so that the poller has sampled past measuredTo
  await until(() => false, 300);
  const done = system.completedAt(measuredTo) - system.completedAt(measuredFrom);
  const eventsPerSecond = round(done / ((measuredTo - measuredFrom) / 1000), 1);
  await system.close();
  const history = await historyShape(ctx.client, system.recentWorkflowIds?.() ?? []);
  const accepted = system.accepted();
  const lines: string[] = [];
  let balanced = drained && driven.failed === 0 && system.completed() === accepted;
  lines.push(`${system.name} ${mode}: sent ${driven.started}, accepted ${accepted}, completed ${system.completed()}`);
  if (driven.failed > 0) lines.push(`  ${driven.failed} sends failed, e.g. ${driven.errors[0]}`);
  if (isHookline(system.name)) {
    const after = await dbCounts(ctx);
    const finished = after.finished - before.finished;
    const logs = after.logs - before.logs;
    const succeeded = after.succeeded - before.succeeded;
    const ok = finished === accepted && succeeded === accepted && logs === HANDLER_PATHS.length * accepted;
    balanced &&= ok;
    lines.push(
      `  executions finished ${finished} (succeeded ${succeeded}) vs accepted ${accepted}; log rows ${logs} vs ${HANDLER_PATHS.length} × ${accepted}`
    );
  }
  if (isHookline(system.name) || system.name === 'direct') {
    const received = ctx.receiver.total - receivedBefore;
    balanced &&= received === HANDLER_PATHS.length * accepted;
    lines.push(`  receiver got ${received} requests vs ${HANDLER_PATHS.length} × ${accepted}`);
  }
  return {
    engine: ctx.engine,
    system: system.name,
    workers: ctx.workers().length,
    mode: mode === 'open' ? `open ${options.rate}/s` : `saturation (window ${options.window})`,
    sent: driven.started,
    accepted,
    failedSends: driven.failed,
    completed: system.completed(),
    eventsPerSecond,
    drained,
    ledger: { balanced, lines },
    cpuMsPerEvent: Object.fromEntries(
      Object.entries(cpu.cpuSeconds).map(([name, seconds]) => [
        name,
        round((seconds * 1000) / Math.max(1, accepted), 2),
      ])
    ),
    cores: Object.fromEntries(
      Object.entries(cpu.cpuSeconds).map(([name, seconds]) => [name, round(seconds / cpu.wallSeconds, 2)])
    ),
    history,
  };
}

/** The history a run's events cost, as table columns (blank for `direct` and for rows that are not runs). */
export function historyColumns(run: Run | null): Record<string, number | string> {
  const shape = run?.history;
  return {
    'history events': shape?.events ?? '',
    'workflow tasks': shape?.workflowTasks ?? '',
    'history bytes': shape?.bytes ?? '',
  };
}

/** The systems a throughput run can drive, by the name BENCH_SYSTEMS knows them by. */
export const SYSTEMS = {
  bare: bareSystem,
  'bare-local': bareWithRecordsSystem,
  'bare-all-local': bareAllLocalSystem,
  hookline: (ctx) => hooklineSystem(ctx, undefined, 'activity'),
  'hookline-local': (ctx) => hooklineSystem(ctx, undefined, 'local'),
  direct: directSystem,
} as const satisfies Record<string, Factory>;

export type SystemKey = keyof typeof SYSTEMS;

/** BENCH_SYSTEMS=hookline (or bare,bare-local,direct, …) runs only those, e.g. to profile one of them. */
export function selectedSystems(keys: SystemKey[]): SystemKey[] {
  const only = process.env['BENCH_SYSTEMS']?.toLowerCase().split(',');
  return keys.filter((key) => !only || only.includes(key));
}
