import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';

/** Where the committed screenshots live (shown in the README). */
export const DOCS_SCREENSHOTS = resolve(__dirname, '..', '..', 'docs', 'screenshots');
/** Where a run keeps its screenshots otherwise: ignored by git, kept for a look after a failure. */
export const RUN_SCREENSHOTS = resolve(__dirname, '..', '.tmp', 'screenshots');

/**
 * Debian's Chromium, as the bootstrap found or installed it (`HOOKLINE_CHROMIUM`). playwright-core never downloads a
 * browser of its own: it is only ever given this executable.
 */
export function chromiumPath(): string {
  const path = process.env['HOOKLINE_CHROMIUM'] || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`Chromium not found at ${path}: run the tests through \`npm test\`, or set HOOKLINE_CHROMIUM`);
  }
  return path;
}

/** Headless, with nothing that reaches past loopback: no updates, no sync, no QUIC probes. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserOptions {
  /** Every relative `page.goto` resolves against it: the API, which serves the editor at `/`. */
  baseUrl: string;
  viewport?: { width: number; height: number };
  /** Playwright's wait for any one action or locator; generous, since the machine is small and busy. */
  timeoutMs?: number;
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page: a working editor has none. */
  pageErrors: string[];
  /** `console.error` lines of the page (failed requests included), for the message of a failing test. */
  consoleErrors: string[];
  /**
   * A screenshot of the whole viewport. With `HOOKLINE_SCREENSHOTS=1` it is written to `docs/screenshots/<name>.png`
   * (the pictures the README shows); otherwise to `test/.tmp/screenshots/`. Answers the file written.
   */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with the flags above. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

/** A fresh context (its own cache and storage) as every test page gets it: fixed viewport and locale, loopback only. */
export async function newContext(browser: Browser, options: BrowserOptions): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: options.baseUrl,
    viewport: options.viewport ?? { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    locale: 'en-US',
    timezoneId: 'UTC',
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(options.timeoutMs ?? 20_000);
  // Only loopback: the editor has no business anywhere else.
  await context.route(
    (url) => !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname),
    (route) => route.abort('blockedbyclient')
  );
  return context;
}

export async function openBrowser(options: BrowserOptions): Promise<BrowserSession> {
  const browser = await launchChromium();
  try {
    const context = await newContext(browser, options);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    const consoleErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    return {
      browser,
      context,
      page,
      pageErrors,
      consoleErrors,
      async screenshot(name: string) {
        const dir = process.env['HOOKLINE_SCREENSHOTS'] === '1' ? DOCS_SCREENSHOTS : RUN_SCREENSHOTS;
        mkdirSync(dir, { recursive: true });
        const path = join(dir, `${name}.png`);
        await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
        return path;
      },
      async close() {
        await context.close();
        await browser.close();
      },
    };
  } catch (err) {
    await browser.close();
    throw err;
  }
}
