import type { Handler } from '@hookline/domain';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BrowserSession, RUN_SCREENSHOTS, openBrowser } from '../support/browser';
import { Receiver } from '../support/receiver';
import { type CreatedHandler, createHandler, emit, outcome, publish } from '../support/scenario';
import { type Stack, startStack } from '../support/stack';

/*
 * A handler Hookline disabled, as an operator meets it in the editor: real Chromium against the real API, worker,
 * Temporal and PostgreSQL. The receiver answers 410 Gone, the worker disables the handler, and the editor shows why
 * and enables it again in one click.
 */

const ONE_ATTEMPT = { maxAttempts: 1, initialIntervalMs: 100, backoffCoefficient: 1, maxIntervalMs: 100 };

describe('handlers Hookline disabled, in the editor', () => {
  let stack: Stack;
  let receiver: Receiver;
  let session: BrowserSession;
  let page: Page;
  let gone: CreatedHandler;
  let healthy: CreatedHandler;
  let reason: string;

  const byTestId = (id: string): Locator => page.getByTestId(id);

  async function handler(id: number): Promise<Handler> {
    const response = await stack.api<Handler>('GET', `/api/handlers/${id}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  beforeAll(async () => {
    receiver = await new Receiver().start();
    stack = await startStack();
    gone = await createHandler(stack, {
      name: 'Legacy CRM',
      event: 'clients.create',
      target: `${receiver.url}/gone`,
      retry: ONE_ATTEMPT,
    });
    healthy = await createHandler(stack, {
      name: 'Billing sync',
      event: 'clients.create',
      target: `${receiver.url}/billing`,
      priority: 20,
    });
    await publish(stack);
    receiver.setDefault('/gone', { status: 410, body: 'gone for good' });
    await outcome(stack, await emit(stack, { type: 'clients.create' }));
    const disabled = await handler(gone.id);
    expect(disabled.status).toBe('disabled');
    expect(disabled.statusReason).toMatch(/410 Gone/);
    reason = disabled.statusReason!;

    session = await openBrowser({ baseUrl: stack.apiUrl });
    page = session.page;
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const name = `failure-health-${task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
      await page?.screenshot({ path: `${RUN_SCREENSHOTS}/${name}.png` }).catch(() => undefined);
      if (session?.consoleErrors.length) console.error(`browser console:\n${session.consoleErrors.join('\n')}`);
    });
  });

  afterAll(async () => {
    await session?.close();
    await stack?.stop();
    await receiver?.stop();
  });

  it('shows the reason in the list and on the canvas node', async () => {
    await page.goto('/');
    await byTestId('sign-in-key').fill(stack.adminKey);
    await byTestId('sign-in-submit').click();
    await byTestId(`handler-row-${gone.id}`).waitFor();

    const listed = byTestId(`status-reason-${gone.id}`);
    await listed.waitFor();
    expect(await listed.textContent()).toBe(`auto-disabled: ${reason}`);
    expect(await byTestId(`status-reason-${healthy.id}`).count()).toBe(0);

    const onNode = byTestId(`node-reason-${gone.id}`);
    await onNode.waitFor({ state: 'attached' });
    expect(await onNode.textContent()).toContain(reason);
    expect(await byTestId(`handler-node-${gone.id}`).getAttribute('aria-label')).toContain(`auto-disabled: ${reason}`);

    // And in the inspector, opened from the list with the keyboard.
    await byTestId(`handler-row-${gone.id}`).focus();
    await page.keyboard.press('Enter');
    const inInspector = byTestId(`inspector-status-reason-${gone.id}`);
    await inInspector.waitFor();
    expect(await inInspector.textContent()).toBe(`auto-disabled: ${reason}`);
    await byTestId('inspector-close').click();
    await byTestId('inspector').waitFor({ state: 'detached' });
  });

  it('finds it with the "auto-disabled" filter', async () => {
    const rows = byTestId('handler-list').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    await byTestId('list-filter-health').selectOption('auto-disabled');
    await expect.poll(() => rows.count()).toBe(1);
    await byTestId(`handler-row-${gone.id}`).waitFor();
  });

  it('re-enables it with one click', async () => {
    await byTestId(`reenable-${gone.id}`).click();
    await expect.poll(async () => (await handler(gone.id)).status, { timeout: 10_000 }).toBe('enabled');
    expect(await handler(gone.id)).toMatchObject({ statusReason: null, version: gone.version + 2 });
    // No longer auto-disabled: the filter shows nothing, and the mark is gone.
    await byTestId('handler-list').getByText('No handler matches the search.').waitFor();
    expect(await byTestId(`status-reason-${gone.id}`).count()).toBe(0);
    expect(session.pageErrors).toEqual([]);
  });
});
