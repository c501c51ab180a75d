import { performance } from 'node:perf_hooks';
import type { BenchContext } from '../lib/context';
import { CpuMeter } from '../lib/cpu';
import { closedLoop, openLoop, until } from '../lib/load';
import { round } from '../lib/stats';
import {
  type System,
  HANDLER_PATHS,
  bareSystem,
  bareWithRecordsSystem,
  directSystem,
  hooklineSystem,
} from '../lib/systems';
import type { Ledger, Options, ScenarioResult } from '../lib/types';
import { dbCounts, ensureThroughputHandlers } from './setup';

export interface Run {
  system: System['name'];
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
  const accepted = system.accepted();
  const lines: string[] = [];
  let balanced = drained && driven.failed === 0 && system.completed() === accepted;
  lines.push(`${system.name} ${mode}: sent ${driven.started}, accepted ${accepted}, completed ${system.completed()}`);
  if (driven.failed > 0) lines.push(`  ${driven.failed} sends failed, e.g. ${driven.errors[0]}`);
  if (system.name === 'Hookline') {
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
  if (system.name === 'Hookline' || system.name === 'direct') {
    const received = ctx.receiver.total - receivedBefore;
    balanced &&= received === HANDLER_PATHS.length * accepted;
    lines.push(`  receiver got ${received} requests vs ${HANDLER_PATHS.length} × ${accepted}`);
  }
  return {
    system: system.name,
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
  };
}

export async function throughput(ctx: BenchContext, options: Options): Promise<ScenarioResult> {
  await ensureThroughputHandlers(ctx);
  const runs: Run[] = [];
  // BENCH_SYSTEMS=hookline (or bare,bare-local,direct, …) runs only those, e.g. to profile one of them; ratios need them all.
  const only = process.env['BENCH_SYSTEMS']?.toLowerCase().split(',');
  const factories = (
    [
      ['bare', bareSystem],
      ['bare-local', bareWithRecordsSystem],
      ['hookline', (c) => hooklineSystem(c)],
      ['direct', directSystem],
    ] as const satisfies [string, Factory][]
  )
    .filter(([name]) => !only || only.includes(name))
    .map(([, factory]) => factory);
  for (const mode of ['open', 'saturation'] as const) {
    for (const factory of factories) {
      const run = await runOne(ctx, factory, mode, options);
      runs.push(run);
      console.log(`  ${run.system.padEnd(14)} ${run.mode.padEnd(22)} ${run.eventsPerSecond} events/s`);
    }
  }
  const rate = (system: System['name'], mode: string) =>
    runs.find((r) => r.system === system && r.mode.startsWith(mode))?.eventsPerSecond ?? Number.NaN;
  const ratios = (['open', 'saturation'] as const).map((mode) => ({
    mode,
    hooklineOverBare: round(rate('Hookline', mode) / rate('bare Temporal', mode), 2),
    hooklineOverBareLocal: round(rate('Hookline', mode) / rate('bare + 2 local', mode), 2),
    hooklineOverDirect: round(rate('Hookline', mode) / rate('direct', mode), 3),
  }));
  const sat = ratios[1]!;
  const hooklineSat = rate('Hookline', 'saturation');
  const balanced = runs.every((r) => r.ledger.balanced);
  return {
    scenario: 'throughput',
    title: `Throughput: events/s, ${HANDLER_PATHS.length} HTTP handlers per event, ${options.duration} s per run (first ${options.warmup} s not counted)`,
    rows: [
      ...runs.map((r) => ({
        system: r.system,
        mode: r.mode,
        sent: r.sent,
        accepted: r.accepted,
        completed: r.completed,
        'events/s': r.eventsPerSecond,
        ledger: r.ledger.balanced,
      })),
      ...ratios.map((r) => ({
        system: 'ratio',
        mode: r.mode,
        sent: '',
        accepted: '',
        completed: '',
        'events/s': `H/bare ${r.hooklineOverBare}  H/(bare + 2 local) ${r.hooklineOverBareLocal}  H/direct ${r.hooklineOverDirect}`,
        ledger: '',
      })),
    ],
    ledger: { balanced, lines: runs.flatMap((r) => r.ledger.lines) },
    goals: [
      {
        goal: 'Hookline ≥ 0.9 × bare Temporal (saturation)',
        value: String(sat.hooklineOverBare),
        met: sat.hooklineOverBare >= 0.9,
      },
      { goal: 'Hookline ≥ 100 events/s with 2 handlers', value: String(hooklineSat), met: hooklineSat >= 100 },
    ],
    notes: runs.map(
      (r) =>
        `CPU ms/event, ${r.system} ${r.mode}: ` +
        Object.entries(r.cpuMsPerEvent)
          .map(([name, ms]) => `${name} ${ms} (${r.cores[name]} cores)`)
          .join(', ')
    ),
    data: { runs, ratios },
  };
}
