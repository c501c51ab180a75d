import type { Handler } from '@hookline/domain';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BrowserSession, RUN_SCREENSHOTS, openBrowser } from '../support/browser';
import { type ReplayProgress, listExecutions, replayProgress } from '../support/bulk-replay';
import { Receiver } from '../support/receiver';
import { type Accepted, type CreatedHandler, createHandler, emit, outcome } from '../support/scenario';
import { type Stack, startStack } from '../support/stack';

/*
 * The editor in real Chromium against the real API, worker, Temporal and PostgreSQL. One stack, one browser and one
 * signed-in page for the whole file: each `it` is one step of an operator's day and builds on the ones before it.
 * The UI is driven through data-testids and roles; outcomes are checked through the API.
 */

const ONE_ATTEMPT = { maxAttempts: 1, initialIntervalMs: 100, backoffCoefficient: 1, maxIntervalMs: 100 };
const BULK_EVENTS = 10;
const CREATED_NAME = 'Welcome mail';
const IMPORT_EVENT_ID = 'evt-import-77';

/** The little of the DOM that the in-page callbacks use (this package is type-checked without the DOM library). */
interface PageTextArea {
  value: string;
  scrollTop: number;
  scrollHeight: number;
  blur(): void;
}
interface PageElement {
  scrollIntoView(options: { block: 'start' }): void;
}
interface PageProgress {
  value: number;
  max: number;
}
interface PageWindow {
  sessionStorage: { getItem(key: string): string | null };
}

describe('the editor, end to end in Chromium', () => {
  let stack: Stack;
  let receiver: Receiver;
  let session: BrowserSession;
  let page: Page;
  /** Seeded through the API: the chain that is reordered, the handler that fails once, the one that fails in bulk. */
  let billing: CreatedHandler;
  let crm: CreatedHandler;
  let audit: CreatedHandler;
  let importAlert: CreatedHandler;
  let provisioner: CreatedHandler;
  /** Created through the inspector. */
  let createdId: number;
  let failedRun: Accepted;

  const byTestId = (id: string): Locator => page.getByTestId(id);

  async function handlersOf(event: string): Promise<Handler[]> {
    const response = await stack.api<{ items: Handler[] }>('GET', `/api/handlers?event=${event}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return [...response.body.items].sort((a, b) => a.priority - b.priority || a.id - b.id);
  }

  async function handler(id: number): Promise<Handler> {
    const response = await stack.api<Handler>('GET', `/api/handlers/${id}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  /** A real pointer drag, as React Flow expects it: press on the node's centre, move in steps, release. */
  async function dragNode(node: Locator, to: { x: number; y: number }): Promise<void> {
    const box = await node.boundingBox();
    if (!box) throw new Error('the node to drag is not on screen');
    const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 8, from.y + 4, { steps: 2 });
    await page.mouse.move(to.x, to.y, { steps: 16 });
    await page.mouse.up();
  }

  async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
    const box = await locator.boundingBox();
    if (!box) throw new Error('not on screen');
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  /** Closes the passing notices (they fade after a few seconds, over whatever is beneath them). */
  async function dismissNotices(): Promise<void> {
    const notices = byTestId('notices').getByRole('button', { name: 'Dismiss' });
    while ((await notices.count()) > 0) await notices.first().click();
  }

  /** A screenshot for the docs, without the notices over it. */
  async function picture(name: string): Promise<void> {
    await dismissNotices();
    await session.screenshot(name);
  }

  /** Waits for the canvas's announcement (a polite live region) of a move the server took. */
  async function canvasSays(text: string): Promise<void> {
    await byTestId('canvas').getByRole('status').filter({ hasText: text }).waitFor({ state: 'attached' });
  }

  /** The chain position the canvas shows on a handler node (1 runs first). */
  function stepOf(id: number): Promise<string | null> {
    return byTestId(`handler-node-${id}`).locator('.handler-node-step').textContent();
  }

  beforeAll(async () => {
    receiver = await new Receiver().start();
    stack = await startStack();
    billing = await createHandler(stack, {
      name: 'Billing sync',
      event: 'clients.update',
      target: `${receiver.url}/billing`,
      priority: 1,
    });
    crm = await createHandler(stack, {
      name: 'CRM mirror',
      event: 'clients.update',
      target: `${receiver.url}/crm`,
      priority: 2,
    });
    audit = await createHandler(stack, {
      name: 'Audit trail',
      event: 'clients.update',
      target: `${receiver.url}/audit`,
      priority: 3,
    });
    importAlert = await createHandler(stack, {
      name: 'Import alert',
      event: 'importd.process_failed',
      target: `${receiver.url}/flaky`,
      retry: ONE_ATTEMPT,
    });
    provisioner = await createHandler(stack, {
      name: 'Account provisioner',
      event: 'clients.accounts.create',
      target: `${receiver.url}/bulk`,
      retry: ONE_ATTEMPT,
    });
    const index = await fetch(`${stack.apiUrl}/`);
    expect(index.headers.get('content-type'), 'no editor at /: build it first (corepack pnpm -r run build)').toMatch(
      /^text\/html/
    );
    session = await openBrowser({ baseUrl: stack.apiUrl });
    page = session.page;
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const name = `failure-${task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
      await page?.screenshot({ path: `${RUN_SCREENSHOTS}/${name}.png` }).catch(() => undefined);
      if (session?.consoleErrors.length) console.error(`browser console:\n${session.consoleErrors.join('\n')}`);
    });
  });

  afterAll(async () => {
    await session?.close();
    await stack?.stop();
    await receiver?.stop();
  });

  it('signs in with an API key, refusing an unknown one', async () => {
    await page.goto('/');
    await byTestId('sign-in-key').fill('hl_not_a_key_at_all_0000');
    await byTestId('sign-in-submit').click();
    await page.getByRole('alert').filter({ hasText: 'unknown or has been revoked' }).waitFor();

    await byTestId('sign-in-key').fill(stack.adminKey);
    await byTestId('sign-in-submit').click();
    await page.locator('[data-testid="principal"][data-role="admin"]').waitFor();
    await byTestId(`handler-node-${billing.id}`).waitFor();
    await byTestId(`handler-row-${provisioner.id}`).waitFor();
  });

  it('creates a handler through the inspector, with inline validation first', async () => {
    await byTestId('palette-http').click();
    const inspector = byTestId('inspector');
    await inspector.getByRole('heading', { name: 'New handler' }).waitFor();

    // Nothing filled in: the form says so in place and sends nothing.
    await byTestId('inspector-save').click();
    await byTestId('inspector-error').waitFor();
    expect(await inspector.locator('[aria-invalid="true"]').count()).toBeGreaterThan(0);

    await byTestId('inspector-event').selectOption('clients.create');
    await byTestId('inspector-name').fill(CREATED_NAME);
    await byTestId('inspector-target').fill(`${receiver.url}/welcome`);
    const proposedPriority = Number(await byTestId('inspector-priority').inputValue());
    await byTestId('inspector-save').click();
    // Once created, the inspector shows the saved handler.
    await inspector.getByRole('heading', { name: CREATED_NAME }).waitFor();

    const [created, ...others] = await handlersOf('clients.create');
    expect(others).toEqual([]);
    expect(created).toMatchObject({
      name: CREATED_NAME,
      event: 'clients.create',
      kind: 'http',
      target: `${receiver.url}/welcome`,
      status: 'enabled',
      priority: proposedPriority,
      version: 1,
    });
    createdId = created!.id;
    await byTestId(`handler-node-${createdId}`).waitFor();
    await byTestId('pending-badge').waitFor();
  });

  it('finds it in the list with the advanced search and toggles its status', async () => {
    await byTestId('inspector-close').click();
    await byTestId('inspector').waitFor({ state: 'detached' });
    const list = byTestId('handler-list');
    const rows = list.locator('tbody tr');
    expect(await rows.count()).toBe(6);

    await byTestId('list-filter-event').selectOption('clients.create');
    await byTestId('list-filter-kind').selectOption('http');
    await byTestId('list-search').fill('welcome');
    await expect.poll(() => rows.count()).toBe(1);
    await byTestId(`handler-row-${createdId}`).waitFor();

    // The status boxes narrow it further: without "enabled" the enabled handler is gone.
    await byTestId('list-filter-status-enabled').uncheck();
    await list.getByText('No handler matches the search.').waitFor();
    await byTestId('list-filter-status-enabled').check();
    await byTestId(`handler-row-${createdId}`).waitFor();

    const toggle = byTestId(`status-toggle-${createdId}`);
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await toggle.click();
    await list.locator(`[data-testid="status-toggle-${createdId}"][aria-checked="false"]`).waitFor();
    expect(await handler(createdId)).toMatchObject({ status: 'disabled', version: 2 });
    // The canvas dims it.
    await page.locator(`[data-testid="handler-node-${createdId}"][data-status="disabled"]`).waitFor();

    await toggle.click();
    await list.locator(`[data-testid="status-toggle-${createdId}"][aria-checked="true"]`).waitFor();
    expect(await handler(createdId)).toMatchObject({ status: 'enabled', version: 3 });
  });

  it('reorders a chain by dragging a handler, and the API holds the new priorities', async () => {
    // The canvas alone, so that every chain is on screen. (The notice of the toggle covers the view switch.)
    await dismissNotices();
    await byTestId('view-canvas').click();
    await byTestId('handler-list').waitFor({ state: 'detached' });
    await byTestId(`handler-node-${audit.id}`).waitFor();
    expect([await stepOf(billing.id), await stepOf(crm.id), await stepOf(audit.id)]).toEqual(['1', '2', '3']);

    // "Audit trail", last, dropped where "Billing sync" stands: it runs first.
    await dragNode(byTestId(`handler-node-${audit.id}`), await centreOf(byTestId(`handler-node-${billing.id}`)));
    await canvasSays('Moved “Audit trail” to place 1.');
    await expect.poll(() => stepOf(audit.id)).toBe('1');
    expect([await stepOf(billing.id), await stepOf(crm.id)]).toEqual(['2', '3']);

    const chain = await handlersOf('clients.update');
    expect(chain.map((h) => [h.id, h.priority])).toEqual([
      [audit.id, 1],
      [billing.id, 2],
      [crm.id, 3],
    ]);
  });

  it('moves a handler to another lane by dragging it there, and the API holds its new event', async () => {
    // "CRM mirror" dropped on the "Client created" chain, in front of the handler made in the inspector.
    await dragNode(byTestId(`handler-node-${crm.id}`), await centreOf(byTestId(`handler-node-${createdId}`)));
    // Announced once both calls (the PATCH of its event, the reorder of its new chain) have been answered.
    await canvasSays('Moved “CRM mirror” to clients.create, place 1.');

    expect((await handler(crm.id)).event).toBe('clients.create');
    expect((await handlersOf('clients.create')).map((h) => [h.id, h.priority])).toEqual([
      [crm.id, 1],
      [createdId, 2],
    ]);
    expect((await handlersOf('clients.update')).map((h) => h.id)).toEqual([audit.id, billing.id]);

    // On the canvas it now sits in the lane of its new event, first of the chain.
    await expect.poll(() => stepOf(createdId)).toBe('2');
    const lane = await byTestId('lane-clients.create').boundingBox();
    const node = await byTestId(`handler-node-${crm.id}`).boundingBox();
    expect(node!.y).toBeGreaterThanOrEqual(lane!.y);
    expect(node!.y + node!.height).toBeLessThanOrEqual(lane!.y + lane!.height);
    expect(await stepOf(crm.id)).toBe('1');
  });

  it('builds a condition visually and sees the preview flip with the sample', async () => {
    await byTestId(`handler-node-${createdId}`).click();
    const inspector = byTestId('inspector');
    await inspector.getByRole('heading', { name: CREATED_NAME }).waitFor();

    await byTestId('condition-add').click();
    await byTestId('condition-path').fill('data.balance');
    await byTestId('condition-op').selectOption('lt');
    await byTestId('condition-value').fill('0');
    // The example client owes 10.50: the handler would run.
    await page.locator('[data-testid="condition-verdict"][data-holds="true"]').waitFor();

    const sample = JSON.parse(await byTestId('sample-payload').inputValue()) as { data: Record<string, unknown> };
    expect(sample.data['balance']).toBe('-10.50');
    const paid = { ...sample, data: { ...sample.data, balance: '25.00' } };
    await byTestId('sample-payload').fill(JSON.stringify(paid, null, 2));
    await page.locator('[data-testid="condition-verdict"][data-holds="false"]').waitFor();
    await page.locator('[data-testid="condition-row-verdict"][data-holds="false"]').first().waitFor();
    await inspector
      .getByRole('heading', { name: 'Condition' })
      .evaluate((el: PageElement) => el.scrollIntoView({ block: 'start' }));
    // The sample shows the line the condition reads, as a person would scroll to it.
    await byTestId('sample-payload').evaluate((el: PageTextArea) => {
      const lines = el.value.split('\n');
      const line = lines.findIndex((text) => text.includes('"balance"'));
      el.blur();
      el.scrollTop = (Math.max(0, line - 4) / lines.length) * el.scrollHeight;
    });
    await picture('inspector');

    await byTestId('inspector-save').click();
    await byTestId('notices').getByText(`Saved “${CREATED_NAME}”`).waitFor();
    await page.locator('[data-testid="inspector-save"]:disabled').waitFor();
    expect((await handler(createdId)).condition).toEqual({ all: [{ path: 'data.balance', op: 'lt', value: 0 }] });
    // The canvas marks the handler as conditional, and the edge into it carries the rule.
    await byTestId(`handler-node-${createdId}`).getByText('if', { exact: true }).waitFor();
  });

  it('publishes the handler cache and sees "pending" clear', async () => {
    await byTestId('pending-badge').waitFor();
    const before = (await stack.api<{ version: number | null; pendingChanges: boolean }>('GET', '/api/cache')).body;
    expect(before.pendingChanges).toBe(true);

    await byTestId('publish-button').click();
    await byTestId('pending-badge-clear').waitFor();
    const after = (await stack.api<{ version: number; pendingChanges: boolean }>('GET', '/api/cache')).body;
    expect(after.pendingChanges).toBe(false);
    expect(after.version).toBeGreaterThan(before.version ?? 0);
    expect(await byTestId('snapshot-version').textContent()).toBe(`v${after.version}`);
  });

  it('finds an event emitted through the API in the executions table', async () => {
    // The import alert fails once (one attempt only), then its receiver recovers.
    receiver.script('/flaky', { status: 500, body: 'database is down' });
    failedRun = await emit(stack, {
      id: IMPORT_EVENT_ID,
      type: 'importd.process_failed',
      objectId: 'import-77',
      data: { process_id: 77, file: 'clients.csv', message: 'bad header' },
    });
    expect((await outcome(stack, failedRun)).status).toBe('failed');

    await byTestId('nav-executions').click();
    await byTestId('executions-page').waitFor();
    await byTestId('executions-filter-object').fill('import-77');
    await byTestId('executions-search').click();
    await page.waitForURL(/objectId=import-77/);
    const rows = byTestId('executions-page').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const row = byTestId(`execution-row-${failedRun.executionId}`);
    await row.getByText('failed', { exact: true }).waitFor();
  });

  it('opens it and replays the failed handler from the UI', async () => {
    await byTestId(`execution-row-${failedRun.executionId}`).click();
    await byTestId('execution-detail').waitFor();
    expect(await byTestId('execution-status').textContent()).toBe('failed');
    const call = byTestId(`timeline-handler-${importAlert.id}`);
    await call.getByText('database is down').first().waitFor({ state: 'attached' });

    await byTestId('replay-mode').selectOption('failed');
    await byTestId('replay-handlers').selectOption('original');
    await byTestId('replay-button').click();
    await byTestId('replay-result').waitFor();
    // The picture: the failed call with what the receiver answered, and the replay just started.
    await call.getByText('Response · 500').click();
    await call.getByText('database is down').first().waitFor();
    await picture('execution-detail');

    await receiver.until(() => receiver.on('/flaky').length === 2);
    expect(receiver.on('/flaky').map((r) => r.json.event.id)).toEqual([IMPORT_EVENT_ID, IMPORT_EVENT_ID]);
    let replayId = '';
    await expect
      .poll(
        async () => {
          const replay = (await listExecutions(stack, 'event=importd.process_failed')).find(
            (e) => e.replayOf === failedRun.executionId
          );
          replayId = replay?.id ?? '';
          return replay?.status;
        },
        { timeout: 20_000, interval: 250 }
      )
      .toBe('succeeded');

    // The link of the result opens the replay, which tells what it replays.
    await byTestId('replay-result').getByRole('link').click();
    await page.waitForURL(new RegExp(`/executions/${replayId}$`));
    await page.locator('[data-testid="execution-status"]', { hasText: 'succeeded' }).waitFor();
    await byTestId('execution-detail').getByRole('link', { name: failedRun.executionId }).waitFor();
  });

  it('starts a bulk replay of the failed executions and watches it reach 100 %', async () => {
    receiver.setDefault('/bulk', { status: 503, body: 'provisioning backend unavailable' });
    const runs = await Promise.all(
      Array.from({ length: BULK_EVENTS }, (_, i) =>
        emit(stack, { type: 'clients.accounts.create', objectId: `acc-${i + 1}`, data: { id: 300 + i, client_id: 12 } })
      )
    );
    const outcomes = await Promise.all(runs.map((run) => outcome(stack, run)));
    expect(outcomes.map((o) => o.status)).toEqual(Array<string>(BULK_EVENTS).fill('failed'));
    receiver.setDefault('/bulk', { status: 200 });

    await byTestId('nav-executions').click();
    await byTestId('executions-page').waitFor();
    await byTestId('executions-filter-status').selectOption('failed');
    await byTestId('executions-filter-event').selectOption('clients.accounts.create');
    await page.waitForURL(/status=failed/);
    await page.waitForURL(/event=clients\.accounts\.create/);
    const rows = byTestId('executions-page').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(BULK_EVENTS);
    for (const run of runs) await byTestId(`execution-row-${run.executionId}`).waitFor();

    await byTestId('bulk-replay-open').click();
    await byTestId('bulk-replay-start').click();
    const progress = page.locator('[data-testid="bulk-progress"][data-status="completed"]');
    await progress.waitFor({ timeout: 60_000 });
    expect(await progress.getByTestId('bulk-percent').textContent()).toContain('100 %');
    const bar = progress.locator('progress');
    expect(await bar.evaluate((el: PageProgress) => [el.value, el.max])).toEqual([BULK_EVENTS, BULK_EVENTS]);

    // The editor keeps the bulk replay it follows for the browser session.
    const id = await page.evaluate(
      (key) => (globalThis as unknown as PageWindow).sessionStorage.getItem(key),
      'hookline.bulkReplay'
    );
    expect(id).toBeTruthy();
    const done: ReplayProgress = await replayProgress(stack, id!);
    expect(done).toMatchObject({ status: 'completed', total: BULK_EVENTS, done: BULK_EVENTS, failed: 0 });
    expect(receiver.on('/bulk')).toHaveLength(2 * BULK_EVENTS);
    const replays = (await listExecutions(stack, 'event=clients.accounts.create')).filter((e) => e.replayOf);
    expect(new Set(replays.map((e) => e.replayOf))).toEqual(new Set(runs.map((r) => r.executionId)));

    // Every execution of the event, originals and replays, for the picture.
    await byTestId('executions-filter-status').selectOption('');
    await expect.poll(() => rows.count()).toBe(2 * BULK_EVENTS);
    await picture('executions');
  });

  it('shows the canvas with every lane and the health of each handler', async () => {
    await byTestId('nav-handlers').click();
    await byTestId('canvas').waitFor();
    await byTestId('inspector-close').click();
    await byTestId('view-canvas').click();
    await byTestId('handler-list').waitFor({ state: 'detached' });
    // The provisioner failed half of its calls today, the import alert one of two: both marked red.
    await page.locator(`[data-testid="handler-node-${provisioner.id}"][data-failing="true"]`).waitFor();
    await page.locator(`[data-testid="handler-node-${importAlert.id}"][data-failing="true"]`).waitFor();
    expect(await byTestId(`handler-health-${provisioner.id}`).textContent()).toContain('20 calls10 failed');
    expect(await byTestId('failing-count').textContent()).toBe('2 failing');
    // The condition shows on the edge into the handler it guards.
    await byTestId('canvas').getByTitle('data.balance < 0').waitFor();
    await picture('canvas');
  });

  it('raised no uncaught error in the page', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
