import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startClusterServer } from './cluster-server';
import { startDevServer } from './infra';

/**
 * The Temporal a context runs on: `dev`, the dev server as `npm start` runs it (one process, a SQLite file), or
 * `cluster`, the real server as `npm run cluster` runs it (one process with every service, PostgreSQL persistence
 * and SQL visibility).
 */
export type EngineName = 'dev' | 'cluster';

/** `--engine`: which of them the throughput scenario measures on. */
export type EngineChoice = EngineName | 'both';

export const ENGINE_CHOICES: readonly EngineChoice[] = ['dev', 'cluster', 'both'];

export function isEngineChoice(text: string): text is EngineChoice {
  return (ENGINE_CHOICES as readonly string[]).includes(text);
}

/** The engines a choice stands for, in the order they run. */
export function enginesOf(choice: EngineChoice): EngineName[] {
  return choice === 'both' ? ['dev', 'cluster'] : [choice];
}

export interface TemporalEngine {
  name: EngineName;
  address: string;
  /** The one process the bench accounts Temporal's CPU time to. */
  pid: number;
  stop(): Promise<void>;
}

export interface EngineBinaries {
  /** The Temporal CLI, whose `server start-dev` is the dev server. */
  cli: string;
  /** The real server and its SQL schema tool. */
  server: string;
  sqlTool: string;
}

/** From the environment, or where `npm test` / `npm run cluster` build them. */
export function engineBinaries(env: NodeJS.ProcessEnv = process.env): EngineBinaries {
  const cache = join(homedir(), '.cache', 'hookline', 'bin');
  return {
    cli: env['HOOKLINE_TEMPORAL_BIN'] ?? join(cache, 'temporal'),
    server: env['HOOKLINE_TEMPORAL_SERVER_BIN'] ?? join(cache, 'server'),
    sqlTool: env['HOOKLINE_TEMPORAL_SQL_BIN'] ?? join(cache, 'sql'),
  };
}

/** Fails before anything starts when a binary an engine needs is missing. */
export function assertEngineBinaries(engines: EngineName[], binaries: EngineBinaries): void {
  const needed: [string, string, string][] = [];
  if (engines.includes('dev')) needed.push(['HOOKLINE_TEMPORAL_BIN', binaries.cli, 'npm test']);
  if (engines.includes('cluster')) {
    needed.push(['HOOKLINE_TEMPORAL_SERVER_BIN', binaries.server, 'npm run cluster']);
    needed.push(['HOOKLINE_TEMPORAL_SQL_BIN', binaries.sqlTool, 'npm run cluster']);
  }
  for (const [variable, path, builder] of needed) {
    if (!existsSync(path)) throw new Error(`no ${path}: set ${variable} or run \`${builder}\` once, which builds it`);
  }
}

export async function startEngine(name: EngineName, binaries: EngineBinaries): Promise<TemporalEngine> {
  if (name === 'dev') return { name, ...(await startDevServer(binaries.cli)) };
  return { name, ...(await startClusterServer(binaries.server, binaries.sqlTool)) };
}
