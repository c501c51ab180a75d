import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { BenchContext } from '../lib/context';
import { round, sleep } from '../lib/stats';
import { hooklineSystem } from '../lib/systems';
import type { Options, ScenarioResult } from '../lib/types';
import { runOne } from './throughput-run';
import { ensureThroughputHandlers } from './setup';

const SAMPLE_EVERY_MS = 5_000;
const WORKER_RSS_GOAL_MIB = 400;
/** Growth this small over an hour is noise from the heap's own sawtooth, not a leak. */
const GROWTH_LIMIT_MIB_PER_HOUR = 32;

/** Resident set size of a process in MiB (VmRSS), or NaN once it is gone. */
function rssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

interface Sample {
  /** Minutes since the load started. */
  minute: number;
  worker: number;
  api: number;
}

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : Number.NaN;
}

/**
 * Scenario 6: the worker's resident memory through a long open-loop run at 80 % of the saturation rate measured
 * first in the same context. The slope is fitted after warm-up (the first fifth of the run, at least one minute when
 * the run is long enough), when caches and the sticky workflow cache have filled.
 */
export async function memory(ctx: BenchContext, options: Options): Promise<ScenarioResult> {
  await ensureThroughputHandlers(ctx);
  // Hookline's worker alone: without the bare baseline's worker, which every other scenario runs in the same process.
  await ctx.setWorkerEnv({ BENCH_BARE_TASK_QUEUE: '' });
  try {
    return await measureMemory(ctx, options);
  } finally {
    await ctx.setWorkerEnv({});
  }
}

async function measureMemory(ctx: BenchContext, options: Options): Promise<ScenarioResult> {
  const probe = await runOne(ctx, (c) => hooklineSystem(c), 'saturation', {
    ...options,
    duration: options.smoke ? 2 : 30,
    warmup: options.smoke ? 0.5 : 5,
  });
  const rate = Math.max(1, round(probe.eventsPerSecond * 0.8, 1));
  const idle = { worker: rssMiB(ctx.worker.pid), api: rssMiB(ctx.api.pid) };
  const samples: Sample[] = [];
  const t0 = performance.now();
  const sample = () =>
    samples.push({
      minute: (performance.now() - t0) / 60_000,
      worker: rssMiB(ctx.worker.pid),
      api: rssMiB(ctx.api.pid),
    });
  sample();
  const timer = setInterval(sample, options.smoke ? 500 : SAMPLE_EVERY_MS);
  const durationSeconds = options.minutes * 60;
  const warmupMinutes = options.minutes >= 5 ? Math.max(1, options.minutes / 5) : options.minutes / 5;
  let run;
  try {
    run = await runOne(ctx, (c) => hooklineSystem(c), 'open', {
      ...options,
      rate,
      duration: durationSeconds,
      warmup: warmupMinutes * 60,
    });
  } finally {
    clearInterval(timer);
  }
  sample();
  // Idle again for a while: what stays is what the process keeps, not what the events in flight held.
  await sleep(options.smoke ? 500 : 30_000);
  const after = { worker: rssMiB(ctx.worker.pid), api: rssMiB(ctx.api.pid) };

  const loaded = samples.filter((s) => s.minute <= options.minutes);
  const settled = loaded.filter((s) => s.minute >= warmupMinutes);
  const workerSlope = slope(settled.map((s) => ({ x: s.minute, y: s.worker })));
  const apiSlope = slope(settled.map((s) => ({ x: s.minute, y: s.api })));
  const third = Math.max(1, Math.floor(settled.length / 3));
  const firstThird = median(settled.slice(0, third).map((s) => s.worker));
  const lastThird = median(settled.slice(-third).map((s) => s.worker));
  const workerMax = Math.max(...loaded.map((s) => s.worker));
  const apiMax = Math.max(...loaded.map((s) => s.api));
  const perHour = workerSlope * 60;
  const balanced = probe.ledger.balanced && run.ledger.balanced;
  // At a rate the system cannot sustain, events pile up in flight and memory grows with the backlog, not a leak.
  const keptUp = run.eventsPerSecond >= 0.95 * rate;
  const row = (process: string, idleMiB: number, max: number, afterMiB: number, slopePerMin: number) => ({
    process,
    'idle MiB': round(idleMiB),
    'max MiB': round(max),
    'idle after MiB': round(afterMiB),
    'max / idle': round(max / idleMiB, 2),
    'slope MiB/min': round(slopePerMin, 2),
    'MiB/hour': round(slopePerMin * 60, 1),
  });
  return {
    scenario: 'memory',
    title:
      `Worker memory: RSS every ${SAMPLE_EVERY_MS / 1000} s through ${options.minutes} min at ${rate} events/s ` +
      `(80 % of ${probe.eventsPerSecond}/s measured at saturation), slope after ${round(warmupMinutes, 1)} min of warm-up`,
    rows: [
      row('worker', idle.worker, workerMax, after.worker, workerSlope),
      row('api', idle.api, apiMax, after.api, apiSlope),
    ],
    ledger: { balanced, lines: [...probe.ledger.lines, ...run.ledger.lines] },
    goals: [
      { goal: 'worker RSS ≤ 400 MiB', value: `${round(workerMax)} MiB`, met: workerMax <= WORKER_RSS_GOAL_MIB },
      {
        goal: `no growth (fitted slope ≤ ${GROWTH_LIMIT_MIB_PER_HOUR} MiB/hour after warm-up)`,
        value: `${round(perHour, 1)} MiB/hour; median ${round(firstThird)} → ${round(lastThird)} MiB first → last third`,
        met: perHour <= GROWTH_LIMIT_MIB_PER_HOUR,
      },
    ],
    notes: [
      `Hookline's worker process alone (first calls: ${ctx.env['HOOKLINE_FIRST_CALL'] ?? 'as configured by default'})`,
      `events: ${run.accepted} offered at ${rate}/s, completed at ${run.eventsPerSecond}/s after warm-up: ` +
        (keptUp ? 'kept up' : 'fell behind, so in-flight events, and memory with them, grew'),
      `CPU ms/event: ${Object.entries(run.cpuMsPerEvent)
        .map(([name, ms]) => `${name} ${ms}`)
        .join(', ')}`,
    ],
    data: { rate, keptUp, probe, run, idle, after, samples, workerSlope, apiSlope, warmupMinutes },
  };
}
