import type { BenchContext } from '../lib/context';
import { round } from '../lib/stats';
import { EVENT_TYPE, HANDLER_PATHS, hooklineSystem } from '../lib/systems';
import type { Options, ScenarioResult } from '../lib/types';
import { ensureThroughputHandlers } from './setup';
import { type Run, historyColumns, runOne } from './throughput-run';

const KEYS = 50;

async function setOrdering(ctx: BenchContext, ordering: 'none' | 'object'): Promise<void> {
  const res = await fetch(`${ctx.apiUrl}/api/catalog/events/${EVENT_TYPE}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${ctx.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ordering }),
  });
  if (res.status !== 200) throw new Error(`PATCH ordering answered ${res.status}: ${await res.text()}`);
}

/**
 * What per-object ordering costs: Hookline at saturation with its event type unordered, ordered with the events spread
 * over 50 keys, and ordered with every event on one key (which runs them one at a time), in the same run.
 */
export async function ordering(ctx: BenchContext, options: Options): Promise<ScenarioResult> {
  await ensureThroughputHandlers(ctx);
  const runs: Run[] = [];
  const drive = async (name: Parameters<typeof hooklineSystem>[3]) => {
    const run = await runOne(ctx, () => hooklineSystem(ctx, undefined, 'activity', name), 'saturation', options);
    runs.push(run);
    console.log(`  ${run.system.padEnd(28)} ${run.mode.padEnd(22)} ${run.eventsPerSecond} events/s`);
  };
  try {
    await setOrdering(ctx, 'none');
    await drive({ name: 'Hookline', objectOf: (i) => String(i % KEYS) });
    await setOrdering(ctx, 'object');
    await drive({ name: 'Hookline, ordered, 50 keys', objectOf: (i) => String(i % KEYS) });
    await drive({ name: 'Hookline, ordered, 1 key', objectOf: () => 'hot' });
  } finally {
    await setOrdering(ctx, 'none');
  }
  const rate = (system: string) => runs.find((r) => r.system === system)?.eventsPerSecond ?? Number.NaN;
  const ratio = round(rate('Hookline, ordered, 50 keys') / rate('Hookline'), 2);
  return {
    scenario: 'ordering',
    title: `Per-object ordering: events/s at saturation, ${HANDLER_PATHS.length} HTTP handlers per event, ${options.duration} s per run`,
    rows: [
      ...runs.map((r) => ({
        system: r.system,
        mode: r.mode,
        accepted: r.accepted,
        completed: r.completed,
        'events/s': r.eventsPerSecond,
        ledger: r.ledger.balanced,
        ...historyColumns(r),
      })),
      {
        system: 'ratio',
        mode: '',
        accepted: '',
        completed: '',
        'events/s': `ordered 50 keys / unordered ${ratio}`,
        ledger: '',
        ...historyColumns(null),
      },
    ],
    ledger: { balanced: runs.every((r) => r.ledger.balanced), lines: runs.flatMap((r) => r.ledger.lines) },
    goals: [
      { goal: `ordered over ${KEYS} keys ≥ 0.8 × unordered (saturation)`, value: String(ratio), met: ratio >= 0.8 },
    ],
    notes: runs.map(
      (r) =>
        `CPU ms/event, ${r.system}: ` +
        Object.entries(r.cpuMsPerEvent)
          .map(([name, ms]) => `${name} ${ms} (${r.cores[name]} cores)`)
          .join(', ')
    ),
    data: { runs, ratio },
  };
}
