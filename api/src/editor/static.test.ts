import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api-harness';

let api: TestApi;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hookline-editor-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Hookline</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  api = await startTestApi({}, { editorDir: dir });
});
afterAll(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the editor at /', () => {
  it('serves the build and falls back to index.html for editor routes', async () => {
    for (const path of ['/', '/handlers/12', '/executions']) {
      const res = await api.request(path, { key: null });
      expect(res.status, path).toBe(200);
      expect(res.body).toContain('<title>Hookline</title>');
    }
    const asset = await api.request('/assets/app.js', { key: null });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });

  it('does not answer a missing asset or an /api route with the page', async () => {
    expect((await api.request('/assets/missing.js', { key: null })).status).toBe(404);
    const apiMiss = await api.request('/api/unknown');
    expect(apiMiss.status).toBe(404);
    expect(apiMiss.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
