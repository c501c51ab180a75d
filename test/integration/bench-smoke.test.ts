import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';

// `npm run bench -- --smoke`: every scenario once with tiny sizes, so the harness keeps working. Its own dev server,
// database, worker and API processes; the figures mean nothing, the ledgers must balance.
const out = mkdtempSync(join(tmpdir(), 'hookline-bench-smoke-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

test('every bench scenario runs with tiny sizes and its ledger balances', { timeout: 300_000 }, async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, '..', 'bench', 'run.ts'), '--smoke', 'all', `--out=${out}`],
    { cwd: join(__dirname, '..'), env: process.env, stdio: ['ignore', 'pipe', 'pipe'] }
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  // The whole report on failure: the scenario that broke is rarely the last one printed.
  if (code !== 0) console.log(output);
  expect(code, output.slice(-4000)).toBe(0);
  const latest = readdirSync(out).filter((f) => f.endsWith('-latest-smoke.json'));
  expect(latest.sort()).toEqual(
    ['editor', 'latency', 'logs', 'memory', 'ordering', 'publish', 'throughput'].map((s) => `${s}-latest-smoke.json`)
  );
  for (const file of latest) {
    const record = JSON.parse(readFileSync(join(out, file), 'utf8')) as { void: boolean; machine: { cores: number } };
    expect(record.void, file).toBe(false);
    expect(record.machine.cores).toBeGreaterThan(0);
  }
});
