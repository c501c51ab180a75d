import { readFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newContext } from '../../support/browser';
import type { BenchContext } from '../lib/context';
import { createBenchDatabase, startHooklineProcess } from '../lib/infra';
import {
  armSelect,
  probeScript,
  readProbe,
  readSelect,
  startFrames,
  stopContent,
  stopFrames,
  type ProbeConfig,
} from '../lib/page-probe';
import { percentile, round, sleep, summarize, type Summary } from '../lib/stats';
import type { Options, ScenarioResult } from '../lib/types';

/** Distinct positions a dragged node must take for the drag to count as made (see the ledger). */
const MIN_DRAG_POSITIONS = 4;

const REPO = resolve(__dirname, '..', '..', '..');
const EDITOR_DIST = join(REPO, 'editor', 'dist');
const BASELINE_SRC = resolve(__dirname, '..', 'baseline', 'editor');
/** The editor's lanes: the 17 built-in event types and one custom type. */
const CUSTOM_TYPE = { type: 'billing.invoice.paid', label: 'Invoice paid' };
const LANES = 18;
const GROUP_ORDER = ['Clients', 'Accounts', 'Subscriptions', 'Import', 'Custom'];
const VIEWPORT = { width: 1440, height: 900 };
/** Content unchanged and no long task for this long: the page has settled. */
const QUIET_MS = 1_000;
const READY_TIMEOUT_MS = 30_000;
/** At most one pointer move every 8 ms (125 Hz, a common mouse rate), around a circle of this radius in CSS pixels. */
const MOVE_EVERY_MS = 8;
const DRAG_RADIUS = 100;

interface Lane {
  event: string;
  group: string;
  /** Handler ids, first to run first. */
  ids: number[];
}

interface Api {
  url: string;
  call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

type View = 'default' | 'zoomed';
const VIEWS: View[] = ['default', 'zoomed'];

/** One page under test: where it is, how to tell it has loaded, what to drag and what to select. */
interface PageSpec {
  name: string;
  url: string;
  initScripts: string[];
  probe: ProbeConfig;
  /** Rows the list must show (null: no list). */
  expectedRows: number | null;
  /** Handler nodes on the canvas (the baseline's stand-ins for them). */
  handlerNodes: string;
  /** Shown when the node with this React Flow id is selected. */
  selectedOf(nodeId: string): string;
  /** From the view the page opens with to the widest view of the board. */
  zoomOut(page: Page): Promise<void>;
  /** Back to nothing selected (the editor closes its inspector). */
  deselect(page: Page): Promise<void>;
}

interface LoadResult {
  fcp: number | null;
  contentPainted: number;
  interactive: number;
  longTasks: number;
  nodes: number;
  rows: number;
}

interface DragResult {
  frames: number[];
  /** Different positions the dragged node had over the recorded frames. */
  transforms: number;
  moves: number;
}

interface ViewRun {
  /** Canvas nodes drawn in this view (the probe's node selector), per load. */
  nodes: number[];
  drags: DragResult[];
  /** pointerdown → the frame showing the selection painted; the first of each view of a load apart. */
  selectFirst: number[];
  selectNext: number[];
}

interface PageRun {
  spec: PageSpec;
  loads: LoadResult[];
  views: Record<View, ViewRun>;
  /** pointerdown → pointerup as Playwright's click sends them. */
  pressGaps: number[];
  failures: string[];
  pageErrors: string[];
  consoleErrors: string[];
}

function apiAt(url: string, key: string): Api {
  return {
    url,
    async call<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
    },
  };
}

/** The 18 lanes in the order the editor draws them (group, then catalogue order). */
async function prepareLanes(api: Api): Promise<Lane[]> {
  const created = await api.call('POST', '/api/catalog/events', CUSTOM_TYPE);
  if (created.status !== 201) throw new Error(`registering ${CUSTOM_TYPE.type}: ${created.status}`);
  const catalog = await api.call<{ items: { type: string; group: string }[] }>('GET', '/api/catalog/events');
  // Hookline's own events (group Hookline) get no handlers: the lanes are the business events the baseline has too.
  const entries = catalog.body.items.filter((e) => e.group !== 'Hookline').map((e, index) => ({ ...e, index }));
  entries.sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group) || a.index - b.index);
  if (entries.length !== LANES) throw new Error(`expected ${LANES} event types, the catalogue has ${entries.length}`);
  return entries.map((e) => ({ event: e.type, group: e.group, ids: [] }));
}

/**
 * Adds handlers through POST /api/handlers until lane i has counts[i], four requests at a time. In each lane the
 * 10th, 20th… are disabled (dimmed on the canvas), every 5th has a condition (a badge on its edge) and every 7th
 * stops the chain on failure.
 */
async function seedHandlers(api: Api, lanes: Lane[], counts: number[]): Promise<void> {
  const jobs: { lane: Lane; priority: number }[] = [];
  lanes.forEach((lane, i) => {
    for (let p = lane.ids.length + 1; p <= counts[i]!; p++) jobs.push({ lane, priority: p });
  });
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const { lane, priority } = jobs[next++]!;
      const res = await api.call<{ id: number }>('POST', '/api/handlers', {
        name: `${lane.event} hook ${priority}`,
        event: lane.event,
        kind: 'http',
        target: `http://127.0.0.1:9/hooks/${lane.event}/${priority}`,
        priority,
        status: priority % 10 === 0 ? 'disabled' : 'enabled',
        ...(priority % 5 === 0 ? { condition: { path: 'data.balance', op: 'gt', value: 0 } } : {}),
        ...(priority % 7 === 0 ? { onFailure: 'stop' } : {}),
      });
      if (res.status !== 201) throw new Error(`creating a handler: ${res.status} ${JSON.stringify(res.body)}`);
      lane.ids[priority - 1] = res.body.id;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/** Handlers per lane: `total` spread evenly, the first lanes taking the remainder. */
function spread(total: number): number[] {
  return Array.from({ length: LANES }, (_, i) => Math.floor(total / LANES) + (i < total % LANES ? 1 : 0));
}

async function handlerVersions(api: Api): Promise<{ count: number; fingerprint: string }> {
  const res = await api.call<{ items: { id: number; version: number; priority: number; event: string }[] }>(
    'GET',
    '/api/handlers?includeArchived=true'
  );
  const items = [...res.body.items].sort((a, b) => a.id - b.id);
  return { count: items.length, fingerprint: items.map((h) => `${h.id}:${h.version}:${h.priority}`).join(',') };
}

function editorSpec(name: string, api: Api, key: string, lanes: Lane[]): PageSpec {
  const total = lanes.reduce((s, l) => s + l.ids.length, 0);
  return {
    name,
    url: `${api.url}/`,
    // Signed in as the sign-in form leaves it: the key in the tab's session storage.
    initScripts: [`try { sessionStorage.setItem('hookline.apiKey', ${JSON.stringify(key)}); } catch (e) {}`],
    probe: { nodeSelector: '.react-flow__node-handler', rowSelector: '[data-testid^="handler-row-"]' },
    expectedRows: total,
    handlerNodes: '.react-flow__node-handler',
    selectedOf: (nodeId) => `.react-flow__node[data-id="${nodeId}"] .handler-node.is-selected`,
    // The canvas's own "fit view" control.
    zoomOut: (page) => page.locator('.react-flow__controls-fitview').click(),
    async deselect(page) {
      const close = page.getByTestId('inspector-close');
      if ((await close.count()) > 0) await close.click();
    },
  };
}

interface Geometry {
  width: number;
  height: number;
  viewport: Viewport;
  /** The editor's viewport after "fit view". */
  zoomed: Viewport;
}

interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

function baselineSpec(url: string, lanes: Lane[], geometry: Geometry): PageSpec {
  const groups: number[][] = [];
  let group = '';
  for (const lane of lanes) {
    if (lane.group !== group) groups.push([]);
    group = lane.group;
    groups.at(-1)!.push(lane.ids.length);
  }
  const config = {
    groups,
    width: geometry.width,
    height: geometry.height,
    viewport: geometry.viewport,
    onlyRenderVisibleElements: true,
  };
  const nodes = lanes.length + lanes.reduce((s, l) => s + l.ids.length, 0);
  return {
    name: `React Flow alone, ${nodes} nodes`,
    url: `${url}/#${encodeURIComponent(JSON.stringify(config))}`,
    initScripts: [],
    probe: { nodeSelector: '.react-flow__node[data-id^="h-"]', rowSelector: null },
    expectedRows: null,
    handlerNodes: '.react-flow__node[data-id^="h-"]',
    selectedOf: (nodeId) => `.react-flow__node.selected[data-id="${nodeId}"]`,
    zoomOut: (page) => page.evaluate(`window.__baseline.setViewport(${JSON.stringify(geometry.zoomed)})`),
    deselect: async () => undefined,
  };
}

/** Waits until the content stopped changing and no long task ran for QUIET_MS; answers the load's figures. */
async function waitSettled(page: Page, spec: PageSpec): Promise<LoadResult> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  for (;;) {
    const state = await readProbe(page);
    const last = state.content.at(-1);
    const lastTaskEnd = Math.max(0, ...state.longTasks.map(([, end]) => end));
    const complete = last !== undefined && last[1] > 0 && (spec.expectedRows === null || last[2] === spec.expectedRows);
    if (complete && state.now - Math.max(last[0], lastTaskEnd) >= QUIET_MS) {
      return {
        fcp: state.fcp,
        contentPainted: last[0],
        interactive: Math.max(last[0], lastTaskEnd),
        longTasks: state.longTasks.length,
        nodes: last[1],
        rows: last[2],
      };
    }
    if (performance.now() > deadline) {
      throw new Error(
        `${spec.name}: not settled after ${READY_TIMEOUT_MS / 1000} s (last content ${JSON.stringify(last)}, ` +
          `expected ${spec.expectedRows ?? '-'} rows)`
      );
    }
    await sleep(100);
  }
}

/** No long task for `quietMs` (and at least that long since now): between two measured interactions. */
async function settle(page: Page, quietMs = 400): Promise<void> {
  const deadline = performance.now() + 10_000;
  await sleep(quietMs);
  while (performance.now() < deadline) {
    const state = await readProbe(page);
    const lastTaskEnd = Math.max(0, ...state.longTasks.map(([, end]) => end));
    if (state.now - lastTaskEnd >= quietMs) return;
    await sleep(100);
  }
}

interface NodeInView {
  id: string;
  x: number;
  y: number;
}

/** Handler nodes wholly inside the canvas pane, nearest to its centre first, with their centres on the page. */
function nodesInView(page: Page, spec: PageSpec): Promise<NodeInView[]> {
  return page.evaluate(`(() => {
    const pane = document.querySelector('.react-flow').getBoundingClientRect();
    const cx = pane.left + pane.width / 2;
    const cy = pane.top + pane.height / 2;
    return [...document.querySelectorAll(${JSON.stringify(spec.handlerNodes)})]
      .filter((e) => e.style.visibility !== 'hidden')
      .map((e) => ({ id: e.getAttribute('data-id'), r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.left >= pane.left && r.right <= pane.right && r.top >= pane.top && r.bottom <= pane.bottom)
      .map(({ id, r }) => ({ id, x: r.left + r.width / 2, y: r.top + r.height / 2 }))
      .sort((a, b) => Math.hypot(a.x - cx, a.y - cy) - Math.hypot(b.x - cx, b.y - cy));
  })()`);
}

const nodeById = (id: string) => `.react-flow__node[data-id="${id}"]`;

/**
 * Presses on the node's centre, moves it once around a circle over `seconds`, releases it where it started. The
 * position follows the clock; a move is sent every MOVE_EVERY_MS at most, each once the page took the one before
 * (Chromium delivers pointer moves once per frame at most).
 */
async function drag(page: Page, spec: PageSpec, seconds: number): Promise<DragResult> {
  const [start] = await nodesInView(page, spec);
  if (!start) throw new Error(`${spec.name}: no handler node in view to drag`);
  await page.mouse.move(start.x, start.y);
  await settle(page);
  if (!(await startFrames(page, nodeById(start.id)))) throw new Error(`${spec.name}: the node to drag is gone`);
  await page.mouse.down();
  const durationMs = seconds * 1000;
  const t0 = performance.now();
  let moves = 0;
  for (;;) {
    const elapsed = performance.now() - t0;
    if (elapsed >= durationMs) break;
    const angle = (2 * Math.PI * elapsed) / durationMs;
    await page.mouse.move(start.x + DRAG_RADIUS * Math.sin(angle), start.y + DRAG_RADIUS * (1 - Math.cos(angle)));
    moves++;
    const wait = t0 + moves * MOVE_EVERY_MS - performance.now();
    if (wait > 1) await sleep(wait);
  }
  await page.mouse.move(start.x, start.y);
  await page.mouse.up();
  const recorded = await stopFrames(page);
  await settle(page);
  return { frames: recorded.frames, transforms: recorded.transforms, moves: moves + 1 };
}

function emptyView(): ViewRun {
  return { nodes: [], drags: [], selectFirst: [], selectNext: [] };
}

function countNodes(page: Page, selector: string): Promise<number> {
  return page.evaluate(
    `[...document.querySelectorAll(${JSON.stringify(selector)})].filter((e) => e.style.visibility !== 'hidden').length`
  );
}

/**
 * Clicks `count` handlers in turn — among the eight nearest to the pane's centre, never the one just selected —
 * timing each from the press to its selection painted.
 */
async function selectSome(page: Page, run: PageRun, view: ViewRun, count: number): Promise<void> {
  const { spec } = run;
  let previous = '';
  for (let k = 0; k < count; k++) {
    const candidates = (await nodesInView(page, spec)).slice(0, 8).filter((n) => n.id !== previous);
    const target = candidates[k % Math.max(1, candidates.length)];
    if (!target) {
      run.failures.push(`${spec.name}: no handler node in view to select`);
      continue;
    }
    previous = target.id;
    await armSelect(page, spec.selectedOf(target.id));
    await page.mouse.click(target.x, target.y);
    const deadline = performance.now() + 10_000;
    let timing = await readSelect(page);
    while (timing.painted === null && performance.now() < deadline) {
      await sleep(20);
      timing = await readSelect(page);
    }
    if (timing.painted === null || timing.down === null) {
      run.failures.push(`${spec.name}: selecting ${target.id} never painted`);
      continue;
    }
    (k === 0 ? view.selectFirst : view.selectNext).push(timing.painted - timing.down);
    if (timing.up !== null) run.pressGaps.push(timing.up - timing.down);
    await settle(page, 300);
  }
}

/**
 * `loads` page loads, each in a fresh context; on each: the load figures, then in the default view and in the
 * zoomed-out view a drag (on the first `drags` loads) and the selects, with nothing selected at the start of each.
 * With `record` false, one load that only waits for the page to settle (a warm-up).
 */
async function measurePage(
  browser: Browser,
  spec: PageSpec,
  options: Options,
  runs: { loads: number; drags: number; record: boolean }
): Promise<PageRun> {
  const run: PageRun = {
    spec,
    loads: [],
    views: { default: emptyView(), zoomed: emptyView() },
    pressGaps: [],
    failures: [],
    pageErrors: [],
    consoleErrors: [],
  };
  for (let i = 0; i < runs.loads; i++) {
    // A fresh context per load: an empty HTTP cache and storage, as on a first visit.
    const context = await newContext(browser, { baseUrl: spec.url, viewport: VIEWPORT });
    try {
      await context.addInitScript({ content: probeScript(spec.probe) });
      for (const content of spec.initScripts) await context.addInitScript({ content });
      const page = await context.newPage();
      page.on('pageerror', (err) => run.pageErrors.push(err.message));
      page.on('console', (message) => {
        if (message.type() === 'error' && run.consoleErrors.length < 10) run.consoleErrors.push(message.text());
      });
      await page.goto(spec.url, { waitUntil: 'load' });
      const load = await waitSettled(page, spec);
      await stopContent(page);
      if (!runs.record) return run;
      run.loads.push(load);
      for (const name of VIEWS) {
        const view = run.views[name];
        if (name === 'zoomed') {
          await spec.deselect(page);
          await spec.zoomOut(page);
          await settle(page);
        }
        view.nodes.push(await countNodes(page, spec.handlerNodes));
        if (i < runs.drags) view.drags.push(await drag(page, spec, options.editorDragSeconds));
        await selectSome(page, run, view, options.editorSelects);
      }
    } catch (err) {
      run.failures.push(err instanceof Error ? err.message : String(err));
    } finally {
      await context.close();
    }
  }
  return run;
}

const VIEWPORT_OF = `(() => {
  const box = document.querySelector('.react-flow').getBoundingClientRect();
  return { width: box.width, height: box.height,
           transform: document.querySelector('.react-flow__viewport').style.transform };
})()`;

function parseViewport(transform: string): Viewport {
  const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([\d.]+)\)/.exec(transform);
  if (!m) throw new Error(`unexpected viewport transform ${transform}`);
  return { x: Number(m[1]), y: Number(m[2]), zoom: Number(m[3]) };
}

/** The canvas pane's size and viewport in the editor, as it opens and after "fit view", for the baseline to copy. */
async function editorGeometry(browser: Browser, spec: PageSpec): Promise<Geometry> {
  const context = await newContext(browser, { baseUrl: spec.url, viewport: VIEWPORT });
  try {
    for (const content of spec.initScripts) await context.addInitScript({ content });
    const page = await context.newPage();
    await page.goto(spec.url);
    await page.locator(spec.handlerNodes).first().waitFor();
    const opened: { width: number; height: number; transform: string } = await page.evaluate(VIEWPORT_OF);
    await spec.zoomOut(page);
    await sleep(500);
    const zoomed: { transform: string } = await page.evaluate(VIEWPORT_OF);
    return {
      width: Math.round(opened.width),
      height: Math.round(opened.height),
      viewport: parseViewport(opened.transform),
      zoomed: parseViewport(zoomed.transform),
    };
  } finally {
    await context.close();
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/** A static file server for the baseline build, in this process. */
async function serveStatic(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** The baseline page, built by vite in production mode like the editor. */
async function buildBaseline(outDir: string): Promise<string> {
  const vite = await import('vite');
  await vite.build({
    root: BASELINE_SRC,
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    base: '/',
    oxc: { jsx: { runtime: 'automatic' } },
    build: {
      outDir,
      emptyOutDir: true,
      rolldownOptions: {
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
          warn(warning);
        },
      },
    },
  });
  return vite.version;
}

function packageVersion(from: string, name: string): string {
  try {
    const path = require.resolve(`${name}/package.json`, { paths: [from] });
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function frameDeltas(drags: DragResult[]): number[] {
  return drags.flatMap((d) => d.frames.slice(1).map((t, i) => t - d.frames[i]!));
}

/** How often the dragged node actually moved: new positions per second over the recorded frames. */
function nodeMovesPerSecond(drags: DragResult[]): number {
  const moved = drags.reduce((s, d) => s + Math.max(0, d.transforms - 1), 0);
  const ms = drags.reduce((s, d) => s + (d.frames.at(-1)! - d.frames[0]!), 0);
  return round((moved / ms) * 1000, 1);
}

function overallFps(drags: DragResult[]): number {
  const frames = drags.reduce((s, d) => s + d.frames.length - 1, 0);
  const ms = drags.reduce((s, d) => s + (d.frames.at(-1)! - d.frames[0]!), 0);
  return round((frames / ms) * 1000, 1);
}

const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? round(a / b, 2) : Number.NaN);

export async function editor(ctx: BenchContext, options: Options): Promise<ScenarioResult> {
  if (!existsSync(join(EDITOR_DIST, 'index.html'))) {
    throw new Error(`no editor build in ${EDITOR_DIST}: run npm run build first`);
  }
  const total = options.editorHandlers;
  if (total < LANES) throw new Error(`--editorHandlers must be at least ${LANES}, one per lane`);
  const built = statSync(join(EDITOR_DIST, 'index.html')).mtime.toISOString();
  const database = await createBenchDatabase();
  const outDir = mkdtempSync(join(tmpdir(), 'hookline-bench-reactflow-'));
  let apiProcess: Awaited<ReturnType<typeof startHooklineProcess>> | null = null;
  let server: Awaited<ReturnType<typeof serveStatic>> | null = null;
  let browser: Browser | null = null;
  try {
    // Its own API process and database: exactly these handlers, nothing left behind for other scenarios.
    apiProcess = await startHooklineProcess('api', {
      ...ctx.env,
      DATABASE_URL: database.url,
      BENCH_EDITOR_DIR: EDITOR_DIST,
    });
    const api = apiAt(apiProcess.url, ctx.adminKey);
    const viteVersion = await buildBaseline(outDir);
    server = await serveStatic(outDir);
    browser = await launchChromium();

    const lanes = await prepareLanes(api);
    const s0 = performance.now();
    await seedHandlers(api, lanes, spread(LANES));
    const small = { loads: options.editorLoads, drags: options.editorDrags, record: true };
    const smallSpec = editorSpec(`Hookline, ${LANES} handlers`, api, ctx.adminKey, lanes);
    // Unrecorded loads first (the API's and the browser's first time); their failures still count.
    const warmups = [await measurePage(browser, smallSpec, options, { ...small, record: false })];
    const smallRun = await measurePage(browser, smallSpec, options, small);

    const s1 = performance.now();
    await seedHandlers(api, lanes, spread(total));
    const seedSeconds = (performance.now() - s1 + (s1 - s0)) / 1000;
    const before = await handlerVersions(api);
    const fullSpec = editorSpec(`Hookline, ${total} handlers`, api, ctx.adminKey, lanes);
    const geometry = await editorGeometry(browser, fullSpec);
    const baseSpec = baselineSpec(server.url, lanes, geometry);
    // One unrecorded load of each first, then loads taking turns.
    warmups.push(await measurePage(browser, fullSpec, options, { loads: 1, drags: 0, record: false }));
    warmups.push(await measurePage(browser, baseSpec, options, { loads: 1, drags: 0, record: false }));
    const fullRuns: PageRun[] = [];
    const baseRuns: PageRun[] = [];
    for (let i = 0; i < options.editorLoads; i++) {
      const drags = i < options.editorDrags ? 1 : 0;
      fullRuns.push(await measurePage(browser, fullSpec, options, { loads: 1, drags, record: true }));
      baseRuns.push(await measurePage(browser, baseSpec, options, { loads: 1, drags, record: true }));
    }
    const after = await handlerVersions(api);
    const fullRun = mergeRuns(fullRuns);
    const baseRun = mergeRuns(baseRuns);

    const versions = {
      chromium: browser.version(),
      react: packageVersion(join(REPO, 'editor'), 'react'),
      reactFlow: packageVersion(join(REPO, 'editor'), '@xyflow/react'),
      baselineReact: packageVersion(BASELINE_SRC, 'react'),
      baselineReactFlow: packageVersion(BASELINE_SRC, '@xyflow/react'),
      vite: viteVersion,
      playwright: packageVersion(__dirname, 'playwright-core'),
    };

    return report({
      options,
      total,
      built,
      versions,
      geometry,
      seedSeconds,
      before,
      after,
      fullRun,
      smallRun,
      baseRun,
      warmupFailures: warmups.flatMap((w) => [...w.failures, ...w.pageErrors]),
    });
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close();
    await apiProcess?.stop();
    await database.drop();
    rmSync(outDir, { recursive: true, force: true });
  }
}

function mergeRuns(runs: PageRun[]): PageRun {
  const first = runs[0]!;
  const view = (name: View): ViewRun => ({
    nodes: runs.flatMap((r) => r.views[name].nodes),
    drags: runs.flatMap((r) => r.views[name].drags),
    selectFirst: runs.flatMap((r) => r.views[name].selectFirst),
    selectNext: runs.flatMap((r) => r.views[name].selectNext),
  });
  return {
    spec: first.spec,
    loads: runs.flatMap((r) => r.loads),
    views: { default: view('default'), zoomed: view('zoomed') },
    pressGaps: runs.flatMap((r) => r.pressGaps),
    failures: runs.flatMap((r) => r.failures),
    pageErrors: runs.flatMap((r) => r.pageErrors),
    consoleErrors: runs.flatMap((r) => r.consoleErrors),
  };
}

interface ReportInput {
  options: Options;
  total: number;
  built: string;
  versions: Record<string, string>;
  geometry: Geometry;
  seedSeconds: number;
  before: { count: number; fingerprint: string };
  after: { count: number; fingerprint: string };
  fullRun: PageRun;
  smallRun: PageRun;
  baseRun: PageRun;
  warmupFailures: string[];
}

const VIEW_LABEL: Record<View, string> = { default: 'opening view', zoomed: 'zoomed out' };

function report(input: ReportInput): ScenarioResult {
  const { options, total, versions, geometry, fullRun, smallRun, baseRun } = input;
  const pages = [fullRun, smallRun, baseRun];
  const stats = pages.map((run) => ({
    run,
    fcp: summarize(run.loads.map((l) => l.fcp ?? Number.NaN).filter(Number.isFinite)),
    content: summarize(run.loads.map((l) => l.contentPainted)),
    interactive: summarize(run.loads.map((l) => l.interactive)),
    frame: (view: View) => summarize(frameDeltas(run.views[view].drags)),
    fps: (view: View) => (run.views[view].drags.length ? overallFps(run.views[view].drags) : Number.NaN),
    moves: (view: View) => (run.views[view].drags.length ? nodeMovesPerSecond(run.views[view].drags) : Number.NaN),
    select: (view: View) => summarize([...run.views[view].selectFirst, ...run.views[view].selectNext]),
    selectFirst: summarize(VIEWS.flatMap((v) => run.views[v].selectFirst)),
    selectNext: summarize(VIEWS.flatMap((v) => run.views[v].selectNext)),
  }));
  type Stats = (typeof stats)[number];
  const [full, small, base] = stats as [Stats, Stats, Stats];

  const rows: Record<string, unknown>[] = [];
  const add = (measure: string, pick: (s: Stats) => Summary, of: Stats[], drag?: View) => {
    for (const s of of) {
      const v = pick(s);
      const compare = s === full && of.includes(base);
      const b = pick(base);
      rows.push({
        measure,
        page: s.run.spec.name,
        n: v.n,
        p50: v.p50,
        p95: v.p95,
        max: v.max,
        fps: drag && v.n > 0 ? `${round(1000 / v.p95, 1)} / ${s.fps(drag)}` : '',
        'node moves/s': drag && v.n > 0 ? s.moves(drag) : '',
        'H/base p50': compare ? ratio(v.p50, b.p50) : '',
        'H/base p95': compare ? ratio(v.p95, b.p95) : '',
      });
    }
  };
  add('first contentful paint (ms)', (s) => s.fcp, stats);
  add('content painted (ms)', (s) => s.content, stats);
  add('interactive (ms)', (s) => s.interactive, stats);
  for (const view of VIEWS) add(`drag, ${VIEW_LABEL[view]}: frame (ms)`, (s) => s.frame(view), stats, view);
  for (const view of VIEWS) add(`select → painted, ${VIEW_LABEL[view]} (ms)`, (s) => s.select(view), stats);
  add('  first select of a view (opens the inspector)', (s) => s.selectFirst, [full, small]);
  add('  later selects', (s) => s.selectNext, [full, small]);

  const failures = [...input.warmupFailures.map((f) => `warm-up: ${f}`), ...pages.flatMap((p) => p.failures)];
  const pageErrors = pages.flatMap((p) => p.pageErrors.map((e) => `${p.spec.name}: ${e}`));
  const lines: string[] = [
    `seeded ${total} handlers over ${LANES} lanes (17 built-in event types and ${CUSTOM_TYPE.type}) through ` +
      `POST /api/handlers in ${input.seedSeconds.toFixed(1)} s; the API lists ${input.before.count}`,
  ];
  let balanced = input.before.count === total && failures.length === 0 && pageErrors.length === 0;
  const wantDrags = Math.min(options.editorDrags, options.editorLoads);
  for (const { run } of stats) {
    const want = run.spec.expectedRows;
    const rowsOk = want === null || run.loads.every((l) => l.rows === want);
    balanced &&= rowsOk && run.loads.length === options.editorLoads;
    const parts = [
      `${run.spec.name}: ${run.loads.length}/${options.editorLoads} loads` +
        (want === null ? '' : `, list rows ${run.loads.map((l) => l.rows).join(' ')} (want ${want})`),
    ];
    for (const view of VIEWS) {
      const v = run.views[view];
      balanced &&=
        v.drags.length === wantDrags &&
        // The node must have followed the pointer along the circle; how many positions it took is a speed figure,
        // reported above, and a loaded machine draws fewer of them: a few prove the drag happened.
        v.drags.every((d) => d.transforms >= MIN_DRAG_POSITIONS) &&
        v.selectFirst.length + v.selectNext.length === options.editorLoads * options.editorSelects;
      parts.push(
        `${VIEW_LABEL[view]}: nodes drawn ${v.nodes.join(' ')}; the dragged node took ` +
          `${v.drags.map((d) => `${d.transforms} positions in ${d.frames.length} frames (${d.moves} moves)`).join(', ')}; ` +
          `${v.selectFirst.length + v.selectNext.length} selects painted`
      );
    }
    lines.push(parts.join('; '));
  }
  const unchanged = input.before.fingerprint === input.after.fingerprint;
  balanced &&= unchanged;
  lines.push(
    unchanged
      ? 'handlers unchanged by the drags (each ends where it started: no reorder is sent)'
      : 'handlers CHANGED during the drags'
  );
  lines.push(...failures, ...pageErrors);

  const gaps = pages.flatMap((p) => p.pressGaps);
  const dragGoal = (view: View) => {
    const f = full.frame(view);
    return {
      goal: `dragging ≥ 50 fps with ${total} handlers, ${VIEW_LABEL[view]} (p95 frame ≤ 20 ms)`,
      value:
        `p95 frame ${f.p95} ms (${round(1000 / f.p95, 1)} fps), ${full.fps(view)} frames/s overall; ` +
        `the node moved ${full.moves(view)} times/s (baseline ${base.moves(view)})`,
      met: f.p95 <= 20,
    };
  };
  return {
    scenario: 'editor',
    title:
      `Editor in headless Chromium ${versions['chromium']}, ${VIEWPORT.width}×${VIEWPORT.height}: ` +
      `${options.editorLoads} loads per page (a fresh context each), in the opening view and zoomed out ` +
      `${options.editorSelects} selects each and a drag on the first ${wantDrags}`,
    rows,
    ledger: { balanced, lines },
    goals: [
      {
        goal: `editor interactive ≤ 1.5 s with ${total} handlers (p95 of ${full.interactive.n} loads)`,
        value: `${full.interactive.p95} ms`,
        met: full.interactive.p95 <= 1_500,
      },
      dragGoal('default'),
      dragGoal('zoomed'),
    ],
    notes: [
      `versions: Chromium ${versions['chromium']}, React ${versions['react']}, React Flow ${versions['reactFlow']} ` +
        `(baseline: React ${versions['baselineReact']}, React Flow ${versions['baselineReactFlow']}), ` +
        `vite ${versions['vite']}, playwright-core ${versions['playwright']}; editor build of ${input.built}`,
      'times are from navigation start; a fresh browser context per load (empty HTTP cache), signed in by the key preset in session storage.',
      'content painted: the frame (requestAnimationFrame) from which the number of visible canvas handler nodes — and, in the editor, of handler list rows — no longer changed; the list must show every handler.',
      `interactive: content painted, or the end of the last main-thread task over 50 ms (PerformanceObserver longtask) if later, with no such task and no content change for ${QUIET_MS} ms after it. Every load is then clicked (the select rows): the page answers input.`,
      `views: the editor as it opens (zoom ${geometry.viewport.zoom}) and after its "fit view" control (zoom ${round(geometry.zoomed.zoom, 3)}; the editor zooms out to 0.15 at most); React Flow draws only the nodes in view (onlyRenderVisibleElements), hence "nodes drawn".`,
      `drag: press on a handler node, move it once around a ${DRAG_RADIUS} px circle for ${options.editorDragSeconds} s (a pointer move every ${MOVE_EVERY_MS} ms at most, each sent once the page took the one before), release where it started; frame = delta between requestAnimationFrame timestamps from the press to the release (60 Hz: 16.7 ms when no frame is dropped); fps = 1000 / p95 frame, then frames per second overall; node moves/s = frames per second in which the dragged node had a new position. Each pointer move waits for the page to take the previous one, so moves/s is how fast the page follows the pointer (the baseline shows what React Flow alone manages under the same driving).`,
      'select → painted: from the pointerdown timeStamp to a message posted from the first requestAnimationFrame that finds the node selected, i.e. after that frame was rendered. In the editor the first select of a view also opens the inspector; the inspector is closed before zooming out.',
      `Playwright's click presses and releases with no pause: pointerdown → pointerup p50 ${round(percentile(gaps, 50), 1)} ms, part of every select figure.`,
      `baseline: @xyflow/react alone (default nodes and edges, useNodesState, no minimap, controls or background), ${base.run.spec.name.replace('React Flow alone, ', '')} at the editor's positions and sizes, in a ${geometry.width}×${geometry.height} pane (the editor's canvas) at the editor's viewports, onlyRenderVisibleElements as the editor; built by vite ${versions['vite']} in production mode and served by the bench process. H/base = Hookline (${total} handlers) / baseline.`,
      ...pages.flatMap((p) => p.consoleErrors.slice(0, 3).map((e) => `console error on ${p.spec.name}: ${e}`)),
    ],
    data: {
      versions,
      geometry,
      seedSeconds: input.seedSeconds,
      pages: stats.map((s) => ({
        page: s.run.spec.name,
        loads: s.run.loads,
        views: Object.fromEntries(
          VIEWS.map((view) => [
            view,
            {
              nodes: s.run.views[view].nodes,
              frame: s.frame(view),
              fps: s.fps(view),
              nodeMovesPerSecond: s.moves(view),
              drags: s.run.views[view].drags.map((d) => ({
                frames: d.frames.length,
                transforms: d.transforms,
                moves: d.moves,
                deltas: d.frames.slice(1).map((t, i) => round(t - d.frames[i]!, 1)),
              })),
              selectFirst: s.run.views[view].selectFirst.map((v) => round(v, 1)),
              selectNext: s.run.views[view].selectNext.map((v) => round(v, 1)),
            },
          ])
        ),
      })),
    },
  };
}
