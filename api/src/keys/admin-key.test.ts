import { apiKeys, revokeApiKey } from '@hookline/db';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONFIGURED_ADMIN_KEY_NAME, ensureAdminKey } from './admin-key';
import { hashApiKey } from './api-key';
import { startTestApi, type TestApi } from '../testing/api-harness';

let api: TestApi;
const log = pino({ level: 'silent' });
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());
beforeEach(async () => {
  await api.database.db.delete(apiKeys);
});

const keys = () => api.database.db.select().from(apiKeys);

describe('ensureAdminKey', () => {
  it('stores a configured key once, hashed', async () => {
    const configured = 'a-very-long-configured-admin-key';
    expect(await ensureAdminKey(api.database.db, configured, log)).toBeNull();
    expect(await ensureAdminKey(api.database.db, configured, log)).toBeNull();
    const rows = await keys();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: CONFIGURED_ADMIN_KEY_NAME, role: 'admin', hash: hashApiKey(configured) });
    expect(JSON.stringify(rows)).not.toContain(configured);
  });

  it('generates a key when no admin key exists, shows it once, and works with it', async () => {
    const generated = await ensureAdminKey(api.database.db, undefined, log);
    expect(generated).toMatch(/^hl_[A-Za-z0-9_-]{43}$/);
    expect(await ensureAdminKey(api.database.db, undefined, log)).toBeNull();
    expect(await keys()).toHaveLength(1);
    expect((await api.request('/api/handlers', { key: generated })).status).toBe(200);
  });

  it('generates a new key once every admin key is revoked, and keeps a revoked configured key revoked', async () => {
    const configured = 'a-very-long-configured-admin-key';
    await ensureAdminKey(api.database.db, configured, log);
    await revokeApiKey(api.database.db, (await keys())[0]!.id);
    expect(await ensureAdminKey(api.database.db, configured, log)).toBeNull();
    expect((await api.request('/api/handlers', { key: configured })).status).toBe(401);
    expect(await ensureAdminKey(api.database.db, undefined, log)).toMatch(/^hl_/);
  });
});
