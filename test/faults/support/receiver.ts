import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onExit } from './cleanup';
import { REPO_ROOT } from './processes';

export interface ReceiverOrder {
  status?: number;
  delayMs?: number;
  /** Only for this long; 200 at once afterwards. */
  forMs?: number;
}

/** The receiver process (receiver-process.ts) seen from the test: where it listens, its ledger, its controls. */
export interface ReceiverProcess {
  url: string;
  ledgerFile: string;
  answer(order: ReceiverOrder): Promise<void>;
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

export async function startReceiver(): Promise<ReceiverProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-faults-receiver-'));
  const ledgerFile = join(dir, 'ledger.jsonl');
  writeFileSync(ledgerFile, '');
  // tsx runs the TypeScript source directly; it is resolved from the test package, hence that cwd.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'test/faults/support/receiver-process.ts')],
    {
      cwd: join(REPO_ROOT, 'test'),
      env: { ...process.env, RECEIVER_LEDGER: ledgerFile, RECEIVER_PORT: '0', RECEIVER_CONTROL_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('receiver did not start');
  const unregister = onExit(() => {
    if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const ports = await new Promise<{ port: number; controlPort: number }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`receiver did not start in time:\n${stderr}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      resolve(JSON.parse(out.slice(0, newline)) as { port: number; controlPort: number });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`receiver exited (${code}):\n${stderr}`));
    });
  });

  const order = async (path: string, body?: ReceiverOrder) => {
    const response = await fetch(`http://127.0.0.1:${ports.controlPort}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    if (response.status !== 204) throw new Error(`receiver ${path}: ${response.status} ${await response.text()}`);
  };

  return {
    url: `http://127.0.0.1:${ports.port}`,
    ledgerFile,
    answer: (body) => order('/answer', body),
    down: () => order('/down'),
    up: () => order('/up'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      unregister();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
