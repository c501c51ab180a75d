// `npm run bench -- [scenario ...] [--smoke] [--engine=dev|cluster|both] [--duration=30] ...` — see test/bench/README.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { type BenchContext, startContext, stopRunningContexts } from './lib/context';
import {
  ENGINE_CHOICES,
  type EngineName,
  assertEngineBinaries,
  engineBinaries,
  enginesOf,
  isEngineChoice,
} from './lib/engines';
import { describeMachine } from './lib/machine';
import { table } from './lib/stats';
import type { Options, ScenarioResult } from './lib/types';
import { editor } from './scenarios/editor';
import { latency } from './scenarios/latency';
import { logs } from './scenarios/logs';
import { memory } from './scenarios/memory';
import { ordering } from './scenarios/ordering';
import { publishScenario } from './scenarios/publish';
import { throughput } from './scenarios/throughput';
import { throughputOnEngines } from './scenarios/throughput-engines';

const SCENARIOS = { throughput, ordering, latency, publish: publishScenario, logs, memory, editor } as const;
type ScenarioName = keyof typeof SCENARIOS;

const FULL: Options = {
  smoke: false,
  engine: 'dev',
  duration: 30,
  warmup: 5,
  rate: 25,
  window: 64,
  latencyRate: 25,
  latencyDuration: 30,
  publishTries: 20,
  logRows: 1_000_000,
  logRequests: 20,
  logClients: 10,
  minutes: 10,
  drainTimeout: 180,
  editorHandlers: 500,
  editorLoads: 5,
  editorDrags: 3,
  editorSelects: 4,
  editorDragSeconds: 2,
};

const SMOKE: Options = {
  ...FULL,
  smoke: true,
  duration: 2,
  warmup: 0.5,
  rate: 10,
  window: 8,
  latencyRate: 10,
  latencyDuration: 1,
  publishTries: 2,
  logRows: 2_000,
  logRequests: 2,
  logClients: 2,
  minutes: 0.1,
  drainTimeout: 60,
  editorHandlers: 36,
  editorLoads: 1,
  editorDrags: 1,
  editorSelects: 2,
  editorDragSeconds: 0.5,
};

/** Sets one option from `--key=value` or `BENCH_KEY=value`: a number, or for `engine` one of its names. */
function setOption(options: Options, key: string, value: string): void {
  if (key === 'engine') {
    if (!isEngineChoice(value)) throw new Error(`--engine must be one of ${ENGINE_CHOICES.join(', ')}`);
    options.engine = value;
  } else if (key in options && key !== 'smoke') {
    (options as unknown as Record<string, number>)[key] = Number(value);
  } else {
    throw new Error(`unknown option --${key}`);
  }
}

function parseArgs(argv: string[]): { scenarios: ScenarioName[]; options: Options; out: string } {
  const smoke = argv.includes('--smoke');
  const options: Options = { ...(smoke ? SMOKE : FULL) };
  let out = join(__dirname, 'results');
  const scenarios: ScenarioName[] = [];
  for (const arg of argv) {
    if (arg === '--smoke') continue;
    const flag = /^--([a-zA-Z]+)=(.+)$/.exec(arg);
    if (flag) {
      const [, key, value] = flag as unknown as [string, string, string];
      if (key === 'out') out = value;
      else setOption(options, key, value);
      continue;
    }
    if (arg === 'all') scenarios.push(...(Object.keys(SCENARIOS) as ScenarioName[]));
    else if (arg in SCENARIOS) scenarios.push(arg as ScenarioName);
    else throw new Error(`unknown scenario "${arg}" (known: ${Object.keys(SCENARIOS).join(', ')}, all)`);
  }
  // BENCH_<OPTION>=value works as --option=value
  for (const key of Object.keys(options)) {
    const env = process.env[`BENCH_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`];
    if (env !== undefined && key !== 'smoke') setOption(options, key, env);
  }
  for (const [key, value] of Object.entries(options)) {
    if (typeof value === 'number' && !(value > 0)) throw new Error(`--${key} must be a positive number`);
  }
  return {
    scenarios: scenarios.length ? [...new Set(scenarios)] : (Object.keys(SCENARIOS) as ScenarioName[]),
    options,
    out,
  };
}

async function main(): Promise<number> {
  const { scenarios, options, out } = parseArgs(process.argv.slice(2));
  const binaries = engineBinaries();
  const engines: EngineName[] = [
    ...new Set<EngineName>(['dev', ...(scenarios.includes('throughput') ? enginesOf(options.engine) : [])]),
  ];
  assertEngineBinaries(engines, binaries);
  mkdirSync(out, { recursive: true });
  // A real server runs in a process group of its own, which a Ctrl-C does not reach: stop it, and drop its
  // databases, before leaving.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`${signal}: stopping`);
      void stopRunningContexts().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  // Started when the first scenario that needs it comes, so that throughput on other engines has the machine (and
  // PostgreSQL's connections) to itself when it runs first.
  let shared: BenchContext | undefined;
  const sharedContext = async () => (shared ??= await startContext('dev', binaries));
  let failures = 0;
  try {
    const machine = await describeMachine(binaries, engines, options.smoke);
    const server = machine.temporalServer === 'not used' ? '' : `, real server ${machine.temporalServer}`;
    console.log(
      `machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Linux ${machine.kernel}, load ${machine.loadAverage.join(' ')}\n` +
        `versions: Node ${machine.node}, ${machine.temporalCli}${server}, Temporal TS SDK ${machine.temporalSdk}, ${machine.postgres}\n` +
        `pg_test_fsync: ${machine.pgTestFsync}\n` +
        `options: ${JSON.stringify(options)}\n`
    );
    for (const name of scenarios) {
      const startedAt = new Date().toISOString();
      const loadBefore = loadavg();
      console.log(`== ${name}`);
      let result: ScenarioResult;
      try {
        // Throughput on chosen engines starts and stops a context per engine; the rest share the dev server's.
        result =
          name === 'throughput' && options.engine !== 'dev'
            ? await throughputOnEngines(options, binaries)
            : await SCENARIOS[name](await sharedContext(), options);
      } catch (err) {
        failures++;
        console.error(`${name} failed:`, err);
        continue;
      }
      if (!result.ledger.balanced) failures++;
      console.log(`${result.title}\n${table(result.rows)}`);
      console.log(`ledger: ${result.ledger.balanced ? 'balanced' : 'DOES NOT BALANCE — this run is void'}`);
      for (const line of result.ledger.lines) console.log(`  ${line}`);
      for (const goal of result.goals)
        console.log(`goal ${goal.met ? 'met   ' : 'MISSED'} ${goal.goal}: ${goal.value}`);
      for (const note of result.notes) console.log(`note: ${note}`);
      console.log('');
      const file = join(out, `${name}-${startedAt.replace(/[:.]/g, '-')}${options.smoke ? '-smoke' : ''}.json`);
      const record = {
        ...result,
        void: !result.ledger.balanced,
        startedAt,
        finishedAt: new Date().toISOString(),
        loadAverageBefore: loadBefore,
        loadAverageAfter: loadavg(),
        machine,
        options,
        command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      };
      writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
      writeFileSync(
        join(out, `${name}-latest${options.smoke ? '-smoke' : ''}.json`),
        `${JSON.stringify(record, null, 2)}\n`
      );
    }
  } finally {
    await stopRunningContexts();
  }
  return failures;
}

main().then(
  (failures) => process.exit(failures > 0 ? 1 : 0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  }
);
