// `--engine=cluster` or `both`: the throughput scenario at saturation on the dev server, on a real server, or on both
// one after the other, with the CPU each process spends per event.
import { type BenchContext, startContext } from '../lib/context';
import { type EngineBinaries, type EngineName, enginesOf } from '../lib/engines';
import { round } from '../lib/stats';
import { HANDLER_PATHS, type System } from '../lib/systems';
import type { Goal, Options, ScenarioResult } from '../lib/types';
import { ensureThroughputHandlers } from './setup';
import {
  type Factory,
  type Run,
  SYSTEMS,
  type SystemKey,
  historyColumns,
  runOne,
  selectedSystems,
} from './throughput-run';

/** The process groups whose CPU the table shows, in its column order (see BenchContext.cpu). */
const CPU_COLUMNS = ['temporal', 'worker 1', 'worker 2', 'api', 'postgres', 'bench'] as const;

interface EngineRatios {
  engine: EngineName;
  hooklineOverBare: number;
  hooklineOverBareLocal: number;
  twoWorkersOverOne: number;
}

/**
 * Each engine in turn, on a context of its own — Temporal, a Hookline database, a worker and an API process — started
 * here and stopped (its databases dropped) before the next one starts, however the runs end: each engine has the
 * machine and PostgreSQL's connections to itself. On each, at saturation: the bare baselines and Hookline with one
 * worker process, then Hookline with a second worker process on the same task queue.
 */
export async function throughputOnEngines(options: Options, binaries: EngineBinaries): Promise<ScenarioResult> {
  // The open-loop runs and `direct` do not depend on the engine; `npm run bench -- throughput` has them.
  const keys = selectedSystems(['bare', 'bare-local', 'hookline']);
  const engines = enginesOf(options.engine);
  const runs: Run[] = [];
  for (const engine of engines) {
    const ctx = await startContext(engine, binaries);
    try {
      runs.push(...(await runOnEngine(ctx, keys, options)));
    } finally {
      await ctx.stop();
    }
  }

  const rate = (engine: EngineName, system: System['name'], workers = 1) =>
    runs.find((r) => r.engine === engine && r.system === system && r.workers === workers)?.eventsPerSecond ??
    Number.NaN;
  const ratios: EngineRatios[] = engines.map((engine) => ({
    engine,
    hooklineOverBare: round(rate(engine, 'Hookline') / rate(engine, 'bare Temporal'), 2),
    hooklineOverBareLocal: round(rate(engine, 'Hookline') / rate(engine, 'bare + 2 local'), 2),
    twoWorkersOverOne: round(rate(engine, 'Hookline', 2) / rate(engine, 'Hookline'), 2),
  }));
  const goals: Goal[] = ratios.flatMap((r) => [
    {
      goal: `Hookline ≥ 0.9 × bare Temporal (saturation, ${r.engine}, 1 worker process)`,
      value: String(r.hooklineOverBare),
      met: r.hooklineOverBare >= 0.9,
    },
    {
      goal: `Hookline ≥ 100 events/s with 2 handlers (${r.engine}, 1 worker process)`,
      value: String(rate(r.engine, 'Hookline')),
      met: rate(r.engine, 'Hookline') >= 100,
    },
  ]);
  const notes = [
    'CPU columns: milliseconds of CPU per accepted event, from the first send to the end of draining; "all" is their sum',
    ...ratios.map(
      (r) =>
        `ratios, ${r.engine}: Hookline / bare ${r.hooklineOverBare}, Hookline / (bare + 2 local) ${r.hooklineOverBareLocal}, ` +
        `Hookline 2 workers / 1 worker ${r.twoWorkersOverOne}`
    ),
    ...(engines.length === 2 ? [engineRatioNote(rate)] : []),
    ...runs.map(
      (r) =>
        `cores busy, ${r.engine} ${r.system} (${r.workers} worker${r.workers === 1 ? '' : 's'}): ` +
        Object.entries(r.cores)
          .map(([name, cores]) => `${name} ${cores}`)
          .join(', ')
    ),
  ];
  return {
    scenario: 'throughput',
    title:
      `Throughput at saturation (window ${options.window}) on ${engines.join(' and ')}: events/s and CPU ms per event ` +
      `by process, ${HANDLER_PATHS.length} HTTP handlers per event, ${options.duration} s per run (first ${options.warmup} s not counted)`,
    rows: runs.map(tableRow),
    ledger: { balanced: runs.every((r) => r.ledger.balanced), lines: runs.flatMap((r) => r.ledger.lines) },
    goals,
    notes,
    data: { runs, ratios },
  };
}

async function runOnEngine(ctx: BenchContext, keys: SystemKey[], options: Options): Promise<Run[]> {
  await ensureThroughputHandlers(ctx);
  const runs: Run[] = [];
  const measure = async (factory: Factory) => {
    const run = await runOne(ctx, factory, 'saturation', options);
    runs.push(run);
    console.log(
      `  ${run.engine.padEnd(8)} ${run.system.padEnd(14)} ${run.workers} worker process(es)  ${run.eventsPerSecond} events/s`
    );
  };
  for (const key of keys) await measure(SYSTEMS[key]);
  if (keys.includes('hookline')) {
    // Two OS processes polling the same task queue, as a deployment scales out; the second one lives for this run only.
    await ctx.startExtraWorker();
    try {
      await measure(SYSTEMS.hookline);
    } finally {
      await ctx.stopExtraWorkers();
    }
  }
  return runs;
}

function tableRow(run: Run): Record<string, unknown> {
  const cpu = Object.fromEntries(CPU_COLUMNS.map((name) => [name, run.cpuMsPerEvent[name]]));
  const all = round(
    Object.values(run.cpuMsPerEvent).reduce((sum, ms) => sum + ms, 0),
    2
  );
  return {
    engine: run.engine,
    system: run.system,
    workers: run.workers,
    accepted: run.accepted,
    'events/s': run.eventsPerSecond,
    ledger: run.ledger.balanced,
    ...cpu,
    all,
    ...historyColumns(run),
  };
}

function engineRatioNote(rate: (engine: EngineName, system: System['name'], workers?: number) => number): string {
  const over = (system: System['name'], workers = 1) =>
    round(rate('cluster', system, workers) / rate('dev', system, workers), 2);
  return (
    `real server / dev server, events/s: bare ${over('bare Temporal')}, Hookline 1 worker ${over('Hookline')}, ` +
    `Hookline 2 workers ${over('Hookline', 2)}`
  );
}
