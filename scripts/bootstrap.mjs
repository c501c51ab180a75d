#!/usr/bin/env node
// Entry point for `npm start` and `npm test` (DESIGN.md §6 "Running it").
//
// Runs before any dependency is installed, so it may only use Node builtins. Steps:
//   1. pnpm via corepack          (the version pinned in package.json#packageManager)
//   2. dependencies               (`pnpm install --frozen-lockfile`, only when node_modules looks stale)
//   3. Temporal CLI v1.5.1        (found, or built from Go modules into a cache outside the clone; exported to
//                                 children as HOOKLINE_TEMPORAL_BIN)
//   4. Temporal server v1.29.1    (test and cluster only: `server` and its SQL schema tool `sql`, built the same way;
//                                 exported as HOOKLINE_TEMPORAL_SERVER_BIN and HOOKLINE_TEMPORAL_SQL_BIN)
//   5. build                      (`pnpm -r run build`: tsc -b and the pre-bundled workflow code)
//   6. start: the supervisor (scripts/dist/start.js) | cluster: the cluster supervisor (scripts/dist/cluster.js)
//      | test: lint, typecheck, then vitest
//
// Usage: node scripts/bootstrap.mjs start
//        node scripts/bootstrap.mjs cluster
//        node scripts/bootstrap.mjs test [vitest args...]

import { spawn, spawnSync } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { connect } from 'node:net';
import { constants as osConstants, homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Go programs Hookline runs, each pinned to one version and built with `go install` into a cache outside the
 * clone. `module` is the main module whose version the binaries embed; `packages` are what `go install` builds.
 */
const TEMPORAL_CLI = {
  label: 'the Temporal CLI',
  module: 'github.com/temporalio/cli',
  version: '1.5.1',
  packages: ['github.com/temporalio/cli/cmd/temporal'],
  binaries: ['temporal'],
};
// Later CLI tags carry a `replace` directive and cannot be `go install`ed; the server's go.mod has none.
const TEMPORAL_SERVER = {
  label: 'the Temporal server',
  module: 'go.temporal.io/server',
  version: '1.29.1',
  packages: ['go.temporal.io/server/cmd/server', 'go.temporal.io/server/cmd/tools/sql'],
  binaries: ['server', 'sql'],
};
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Thrown by a step; carries the message shown to the user (no stack trace needed). */
class StepError extends Error {}

// ---------------------------------------------------------------------------------------------------------------------
// output helpers

function progress(message) {
  console.log(`[hookline] ${message}`);
}

function formatDuration(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

// ---------------------------------------------------------------------------------------------------------------------
// process helpers

/**
 * Environment for every child. Corepack 0.34 cannot verify the signature of current pnpm releases against the keys it
 * ships with ("No compatible signature"); COREPACK_INTEGRITY_KEYS=0 skips that check, and the prompt would block
 * non-interactive runs. A user who sets either variable explicitly wins.
 */
function childEnv() {
  const env = { ...process.env };
  env.COREPACK_INTEGRITY_KEYS ??= '0';
  env.COREPACK_ENABLE_DOWNLOAD_PROMPT ??= '0';
  return env;
}

/**
 * Runs a command and resolves with its exit code (128 + n when killed by a signal). While it runs, SIGINT/SIGTERM/SIGHUP
 * sent to bootstrap are forwarded to it instead of killing bootstrap, so no child is left orphaned and the exit code is
 * reported. (On Ctrl-C the terminal signals the child as well; a duplicate signal is harmless.)
 */
function run(command, args, { env = childEnv(), stdio = 'inherit', onSpawn, ipc = false } = {}) {
  return new Promise((resolvePromise, reject) => {
    const stdioConfig = ipc ? [stdio, stdio, stdio, 'ipc'] : stdio;
    const child = spawn(command, args, { cwd: ROOT, env, stdio: stdioConfig });
    const forward = (signal) => child.kill(signal);
    for (const signal of SIGNALS) process.on(signal, forward);
    const cleanup = () => {
      for (const signal of SIGNALS) process.off(signal, forward);
    };
    child.once('error', (err) => {
      cleanup();
      reject(err);
    });
    // 'close' rather than 'exit': it comes after the child's piped output has been read to the end.
    child.once('close', (code, signal) => {
      cleanup();
      resolvePromise(code ?? 128 + (signal ? (osConstants.signals[signal] ?? 0) : 0));
    });
    onSpawn?.(child);
  });
}

/** Runs a command with inherited output; throws a StepError naming it on a non-zero exit. */
async function runOrFail(command, args, options) {
  const code = await run(command, args, options);
  if (code !== 0) throw new StepError(`\`${[command, ...args].join(' ')}\` exited with code ${code}`);
}

function pnpm(args, options) {
  return runOrFail('corepack', ['pnpm', ...args], options);
}

function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Like `which`: the first executable called `name` on PATH, or undefined. */
function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutableFile(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------------
// step 1: pnpm

async function ensurePnpm() {
  if (!findOnPath('corepack')) {
    throw new StepError(
      'corepack was not found on PATH. It ships with Node.js 16.9 to 24; on other Node versions install it with ' +
        '`npm install --global corepack`, then run this again.'
    );
  }
  // Fetches the pinned pnpm on first use; capture its version for the progress line.
  const result = spawnSync('corepack', ['pnpm', '--version'], { cwd: ROOT, env: childEnv(), encoding: 'utf8' });
  if (result.status !== 0) {
    throw new StepError(`\`corepack pnpm --version\` failed:\n${(result.stderr || result.stdout || '').trim()}`);
  }
  return `pnpm ${result.stdout.trim()} (via corepack)`;
}

// ---------------------------------------------------------------------------------------------------------------------
// step 2: dependencies

/** Package folders listed in pnpm-workspace.yaml (plain entries and `dir/*` globs; that is all this repo uses). */
function workspacePackageDirs() {
  const yaml = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8');
  const dirs = [];
  let inPackages = false;
  for (const line of yaml.split('\n')) {
    if (/^\S/.test(line)) inPackages = line.startsWith('packages:');
    const entry = inPackages ? /^\s+-\s+['"]?([^'"#]+?)['"]?\s*$/.exec(line)?.[1] : undefined;
    if (!entry) continue;
    if (entry.endsWith('/*')) {
      const parent = join(ROOT, entry.slice(0, -2));
      if (existsSync(parent)) dirs.push(...readdirSync(parent).map((name) => join(parent, name)));
    } else {
      dirs.push(join(ROOT, entry));
    }
  }
  return dirs;
}

/**
 * pnpm rewrites node_modules/.modules.yaml on every install, so it is older than the lockfile or a manifest exactly
 * when someone changed dependencies since the last install. Cheap enough to run on every start.
 */
function dependenciesAreStale() {
  const marker = join(ROOT, 'node_modules', '.modules.yaml');
  if (!existsSync(marker)) return 'node_modules is missing';
  const installedAt = statSync(marker).mtimeMs;
  const inputs = ['pnpm-lock.yaml', 'pnpm-workspace.yaml', 'package.json'].map((file) => join(ROOT, file));
  inputs.push(...workspacePackageDirs().map((dir) => join(dir, 'package.json')));
  const changed = inputs.find((file) => existsSync(file) && statSync(file).mtimeMs > installedAt);
  return changed ? `${changed.slice(ROOT.length + 1)} changed since the last install` : undefined;
}

async function ensureDependencies() {
  const reason = dependenciesAreStale();
  if (!reason) return 'dependencies up to date';
  progress(`installing dependencies (${reason})`);
  await pnpm(['install', '--frozen-lockfile']);
  return 'dependencies installed';
}

// ---------------------------------------------------------------------------------------------------------------------
// steps 3 and 4: Temporal CLI and server

/**
 * The version of a Go binary's main module, as embedded in its build info (`go version -m` prints it). Release builds
 * also say it in `--version`, but a binary built with `go install` reports "0.0.0-DEV" there (the release build
 * injects it), so read the build info, which needs no Go.
 */
function goBinaryVersion(binary, module) {
  if (!isExecutableFile(binary)) return undefined;
  return embeddedModuleVersion(binary, module);
}

/**
 * Scans a Go binary for its build info line `mod<TAB><module><TAB>v<version><TAB>`. Reading the file in chunks takes a
 * few hundred ms for the ~250 MB CLI.
 */
function embeddedModuleVersion(binary, module) {
  const needle = Buffer.from(`mod\t${module}\tv`);
  const chunk = Buffer.alloc(4 << 20);
  const fd = openSync(binary, 'r');
  try {
    let carry = Buffer.alloc(0);
    for (let position = 0; ;) {
      const read = readSync(fd, chunk, 0, chunk.length, position);
      if (read === 0) return undefined;
      position += read;
      const haystack = Buffer.concat([carry, chunk.subarray(0, read)]);
      const at = haystack.indexOf(needle);
      if (at >= 0) {
        // The version may straddle the chunk boundary: read a little more around it.
        const window = Buffer.alloc(64);
        const start = position - haystack.length + at + needle.length;
        const length = readSync(fd, window, 0, window.length, start);
        return /^([^\t\s]+)\t/.exec(window.subarray(0, length).toString('latin1'))?.[1];
      }
      carry = haystack.subarray(Math.max(0, haystack.length - needle.length));
    }
  } finally {
    closeSync(fd);
  }
}

function goToolCacheDir() {
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheHome, 'hookline', 'bin');
}

const installSpec = (tool) => tool.packages.map((pkg) => `${pkg}@v${tool.version}`);

/** True when every binary of the tool is in `dir` at the pinned version. */
function builtIn(tool, dir) {
  return tool.binaries.every((name) => goBinaryVersion(join(dir, name), tool.module) === tool.version);
}

/** Returns [path of the CLI, how it was found]. Builds it when no suitable binary exists. */
async function resolveTemporal() {
  const fromEnv = process.env.HOOKLINE_TEMPORAL_BIN;
  if (fromEnv) {
    if (!isExecutableFile(fromEnv)) throw new StepError(`HOOKLINE_TEMPORAL_BIN=${fromEnv} is not an executable file`);
    return [fromEnv, 'from HOOKLINE_TEMPORAL_BIN'];
  }
  // A `temporal` on PATH only counts at the exact version: other versions bundle a different dev server.
  const onPath = findOnPath('temporal');
  if (onPath && goBinaryVersion(onPath, TEMPORAL_CLI.module) === TEMPORAL_CLI.version) return [onPath, 'on PATH'];
  const how = await ensureGoTool(TEMPORAL_CLI);
  return [join(goToolCacheDir(), 'temporal'), how];
}

/** Returns [server, sql tool, how they were found], building both when the cache lacks them. */
async function resolveTemporalServer() {
  const server = process.env.HOOKLINE_TEMPORAL_SERVER_BIN;
  const sql = process.env.HOOKLINE_TEMPORAL_SQL_BIN;
  if (server || sql) {
    for (const [name, value] of [
      ['HOOKLINE_TEMPORAL_SERVER_BIN', server],
      ['HOOKLINE_TEMPORAL_SQL_BIN', sql],
    ]) {
      if (!value || !isExecutableFile(value)) throw new StepError(`${name}=${value ?? ''} is not an executable file`);
    }
    return [server, sql, 'from HOOKLINE_TEMPORAL_SERVER_BIN and HOOKLINE_TEMPORAL_SQL_BIN'];
  }
  const how = await ensureGoTool(TEMPORAL_SERVER);
  return [join(goToolCacheDir(), 'server'), join(goToolCacheDir(), 'sql'), how];
}

/** Finds the tool in the cache, or builds it there; returns how, for the progress line. */
async function ensureGoTool(tool) {
  const dir = goToolCacheDir();
  if (builtIn(tool, dir)) return 'cached';
  const how = await buildGoTool(tool, dir);
  if (!builtIn(tool, dir)) {
    throw new StepError(`built ${installSpec(tool).join(' ')}, but ${dir} does not hold v${tool.version} of each`);
  }
  return how;
}

function findGo(tool) {
  const go = findOnPath('go') ?? ['/usr/local/go/bin/go'].find(isExecutableFile);
  if (!go) {
    throw new StepError(
      `${tool.label} v${tool.version} is not installed and Go is not available to build it. Install Go ` +
        '(https://go.dev/dl/, 1.25 or newer) and run this again, or point ' +
        (tool === TEMPORAL_CLI
          ? `HOOKLINE_TEMPORAL_BIN at a temporal v${tool.version} binary.`
          : 'HOOKLINE_TEMPORAL_SERVER_BIN and HOOKLINE_TEMPORAL_SQL_BIN at its `server` and `sql` binaries.')
    );
  }
  return go;
}

/**
 * Builds the tool into binDir with `go install`, under a lock so that two concurrent starts do not both build.
 * Returns how the binaries came about, for the progress line.
 */
async function buildGoTool(tool, binDir) {
  const go = findGo(tool);
  mkdirSync(binDir, { recursive: true });
  const release = await acquireBuildLock(join(binDir, `.${tool.binaries[0]}-build.lock`), tool);
  try {
    // Another process may have finished the build while we waited for the lock.
    if (builtIn(tool, binDir)) return 'built by another process';
    progress(`building ${installSpec(tool).join(' ')} into ${binDir} (first run only; takes minutes)`);
    await goInstallWithProgress(go, binDir, tool);
    return 'built';
  } finally {
    release();
  }
}

function isProcessAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** The pid holding the lock; 'stale' when that process is gone (or the file was never completed). */
function readLockHolder(lockPath) {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    // An empty file may be one another process has just created and not yet written its pid into.
    if (!Number.isInteger(pid)) return Date.now() - statSync(lockPath).mtimeMs > 10_000 ? 'stale' : 0;
    return isProcessAlive(pid) ? pid : 'stale';
  } catch (err) {
    if (err.code === 'ENOENT') return 0; // released meanwhile; try again
    throw err;
  }
}

/** An O_EXCL lock file holding our pid; waits while a live process holds it and takes over a stale one. */
async function acquireBuildLock(lockPath, tool) {
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const holder = readLockHolder(lockPath);
    if (holder === 'stale') {
      rmSync(lockPath, { force: true });
      continue;
    }
    if (holder !== 0 && !announced) {
      progress(`another process (pid ${holder}) is building ${tool.label}; waiting for it`);
      announced = true;
    }
    await new Promise((r) => setTimeout(r, holder === 0 ? 200 : 2000));
  }
}

/**
 * `go install -v` prints one line per package compiled (and "go: downloading ..." per module fetched). That is
 * thousands of lines for Temporal, so summarise every 10 s and keep the tail for the error message.
 */
async function goInstallWithProgress(go, binDir, tool) {
  const started = Date.now();
  let built = 0;
  let downloaded = 0;
  let latest = '';
  const tail = [];
  const onLine = (line) => {
    if (!line.trim()) return;
    tail.push(line);
    if (tail.length > 40) tail.shift();
    if (line.startsWith('go: downloading ')) {
      downloaded += 1;
      latest = line.slice('go: downloading '.length);
    } else if (!line.startsWith('go: ') && !line.includes(' ')) {
      built += 1;
      latest = line;
    }
  };
  const timer = setInterval(() => {
    const fetched = downloaded > 0 ? `${downloaded} modules fetched, ` : '';
    progress(`  ${formatDuration(Date.now() - started)}: ${fetched}${built} packages built (latest: ${latest})`);
  }, 10_000);

  const env = { ...childEnv(), GOBIN: binDir };
  let code;
  try {
    code = await run(go, ['install', '-v', ...installSpec(tool)], {
      env,
      stdio: 'pipe',
      onSpawn: (child) => {
        for (const stream of [child.stdout, child.stderr]) {
          let buffered = '';
          stream.setEncoding('utf8');
          stream.on('data', (chunk) => {
            const lines = (buffered + chunk).split('\n');
            buffered = lines.pop() ?? '';
            lines.forEach(onLine);
          });
          stream.on('end', () => onLine(buffered));
        }
      },
    });
  } finally {
    clearInterval(timer);
  }
  if (code !== 0) {
    throw new StepError(
      `\`go install ${installSpec(tool).join(' ')}\` exited with code ${code}. Last output:\n${tail.join('\n')}`
    );
  }
  progress(`  built ${built} packages in ${formatDuration(Date.now() - started)}`);
}

// ---------------------------------------------------------------------------------------------------------------------
// step 5: start / test

/** Hands over to the supervisor; bootstrap exits with its code. IPC lets the supervisor notice if we are killed. */
async function startSupervisor(script) {
  const code = await run(process.execPath, [join(ROOT, 'scripts', 'dist', script)], { ipc: true });
  return code;
}

function tcpReachable(host, port, timeoutMs = 2000) {
  return new Promise((resolvePromise) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolvePromise(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The tests use PostgreSQL; a clear line up front beats a wall of ECONNREFUSED from every test file. */
async function checkPostgres() {
  let host = '127.0.0.1';
  let port = 5432;
  let source = 'the default 127.0.0.1:5432';
  if (process.env.DATABASE_URL) {
    try {
      const url = new URL(process.env.DATABASE_URL);
      host = url.hostname.replace(/^\[|\]$/g, '') || host;
      port = Number(url.port) || port;
      source = `DATABASE_URL (${host}:${port})`;
    } catch {
      throw new StepError('DATABASE_URL is not a valid URL');
    }
  }
  if (await tcpReachable(host, port)) return `PostgreSQL reachable at ${host}:${port}`;
  console.warn(
    `[hookline] WARNING: PostgreSQL is not reachable at ${source}; tests that need it will fail.\n` +
      '[hookline]   Start it (e.g. `pg_ctlcluster --skip-systemctl-redirect <version> main start`, or `.ci/run` does it) ' +
      'or set DATABASE_URL.'
  );
  return 'PostgreSQL not reachable (see warning above)';
}

// ---------------------------------------------------------------------------------------------------------------------
// Chromium (editor end-to-end tests)

/**
 * The editor's end-to-end tests drive Debian's Chromium through playwright-core; no tool may download a browser of its
 * own. `HOOKLINE_CHROMIUM` points at another build; otherwise the distribution package is installed when missing.
 */
async function ensureChromium() {
  const configured = process.env.HOOKLINE_CHROMIUM;
  if (configured) {
    if (!isExecutableFile(configured)) throw new StepError(`HOOKLINE_CHROMIUM=${configured} is not an executable file`);
    return configured;
  }
  const found = findOnPath('chromium');
  if (found) {
    process.env.HOOKLINE_CHROMIUM = found;
    return found;
  }
  const canInstall = process.getuid?.() === 0 && findOnPath('apt-get');
  if (!canInstall) {
    throw new StepError(
      "Chromium is not installed. Install Debian's package (`sudo apt-get install chromium`) or set HOOKLINE_CHROMIUM " +
        'to a Chromium binary.'
    );
  }
  progress("installing Debian's chromium package (apt-get)");
  const env = { ...childEnv(), DEBIAN_FRONTEND: 'noninteractive' };
  await runOrFail('apt-get', ['update', '-qq'], { env });
  await runOrFail('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { env });
  const installed = findOnPath('chromium');
  if (!installed) throw new StepError('apt-get installed chromium, but no `chromium` is on PATH');
  process.env.HOOKLINE_CHROMIUM = installed;
  return `${installed} (installed)`;
}

// ---------------------------------------------------------------------------------------------------------------------
// tests

/**
 * Unit suites first (fast, no services), then the integration suite. Each package's vitest runs on its own, since the
 * integration files must take turns (they share one Temporal namespace), while unit files may run in parallel. Extra
 * arguments (file filters, -t ...) go to every suite; a suite that they leave empty passes.
 */
const TEST_SUITES = ['domain', 'workflows', 'services', 'worker', 'api', 'editor', 'test'];

async function runTestSuites(vitestArgs) {
  const reportDir = join(ROOT, 'test', '.tmp');
  mkdirSync(reportDir, { recursive: true });
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const failedSuites = [];
  for (const suite of TEST_SUITES) {
    const dir = join(ROOT, suite);
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest) || !JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test) continue;
    const report = join(reportDir, `${suite}.json`);
    rmSync(report, { force: true });
    progress(`tests: ${suite}`);
    const code = await run('corepack', [
      'pnpm',
      '--dir',
      dir,
      'exec',
      'vitest',
      'run',
      '--passWithNoTests',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...vitestArgs,
    ]);
    if (existsSync(report)) {
      const result = JSON.parse(readFileSync(report, 'utf8'));
      totals.passed += result.numPassedTests ?? 0;
      totals.failed += result.numFailedTests ?? 0;
      totals.skipped += (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
    }
    if (code !== 0) failedSuites.push(suite);
  }
  // One closing line over every suite, in the plain form any CI can read.
  console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  if (failedSuites.length > 0) throw new StepError(`failing suites: ${failedSuites.join(', ')}`);
  if (totals.passed === 0) throw new StepError('no test ran');
  return `${totals.passed} passed`;
}

// ---------------------------------------------------------------------------------------------------------------------
// main

/** Runs one named step: a progress line before, its result after, and the step's name on failure. */
async function step(name, fn) {
  progress(`${name}...`);
  try {
    const result = await fn();
    if (result) progress(`${name}: ${result}`);
    return result;
  } catch (err) {
    const message = err instanceof StepError ? err.message : (err?.stack ?? String(err));
    console.error(`[hookline] FAILED at step "${name}": ${message}`);
    process.exit(1);
  }
}

async function main() {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode !== 'start' && mode !== 'test' && mode !== 'cluster') {
    console.error('usage: node scripts/bootstrap.mjs start | cluster | test [vitest args...]');
    process.exit(2);
  }
  if (mode !== 'test' && rest.length > 0) {
    console.error(
      `[hookline] ${mode} takes no arguments (got: ${rest.join(' ')}); configure it with environment variables`
    );
    process.exit(2);
  }

  await step('pnpm', ensurePnpm);
  await step('dependencies', ensureDependencies);
  // `start` runs the dev server from it (unless pointed at a cluster); the tests start their own from the same binary,
  // and the cluster uses it nowhere but the benchmark's side-by-side runs.
  if (mode !== 'cluster') {
    await step('Temporal CLI', async () => {
      if (mode === 'start' && process.env.TEMPORAL_ADDRESS) return 'not needed (TEMPORAL_ADDRESS is set)';
      const [path, how] = await resolveTemporal();
      process.env.HOOKLINE_TEMPORAL_BIN = path; // inherited by every later child
      return `${path} (${how})`;
    });
  }
  // The real server on PostgreSQL: `npm run cluster` runs it, and the cluster tests start their own.
  if (mode !== 'start') {
    await step('Temporal server', async () => {
      const [server, sql, how] = await resolveTemporalServer();
      process.env.HOOKLINE_TEMPORAL_SERVER_BIN = server;
      process.env.HOOKLINE_TEMPORAL_SQL_BIN = sql;
      return `${server}, ${sql} (${how})`;
    });
  }
  await step('build', () => pnpm(['-r', 'run', 'build']));

  if (mode === 'start') {
    // The supervisor prints its own errors; just propagate its exit code.
    process.exit(await startSupervisor('start.js'));
  }
  if (mode === 'cluster') {
    await step('PostgreSQL', checkPostgres);
    process.exit(await startSupervisor('cluster.js'));
  }
  await step('lint', () => pnpm(['run', 'lint']));
  // Mostly covered by the build's `tsc -b` (incremental, so this is quick), but it also checks the unit-test projects,
  // which the build leaves out.
  await step('typecheck', () => pnpm(['run', 'typecheck']));
  await step('PostgreSQL', checkPostgres);
  await step('Chromium', ensureChromium);
  await step('tests', () => runTestSuites(rest));
  progress('all checks passed');
}

await main();
