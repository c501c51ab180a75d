import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerBody, startTestApi, type TestApi } from '../testing/api-harness';

/**
 * A write PostgreSQL refuses, whose parameters hold a handler's secrets and header credentials: drizzle's error
 * lists them, and the check violation's `detail` quotes the whole row. The log must have neither.
 */
const SECRET = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
const NEW_SECRET = 'whsec_' + Buffer.alloc(32, 9).toString('base64');
const CREDENTIAL = 'Bearer crm-credential-0123456789';
const REFUSED = 'refused-by-the-database';

let api: TestApi;
let lines: string[] = [];
const logged = () => lines.join('');

beforeAll(async () => {
  api = await startTestApi({}, { log: { write: (line: string) => void lines.push(line) } });
  // The database is shared with the other test files of this worker: the constraint is dropped again after.
  await api.database.db.execute(
    sql.raw(`alter table handlers add constraint test_refuse check (name <> '${REFUSED}')`)
  );
});
afterAll(async () => {
  await api.database.db.execute(sql`alter table handlers drop constraint test_refuse`);
  await api.close();
});

describe('a database error in a request', () => {
  it('logs a failed create with its SQLSTATE and without the secret or header values', async () => {
    lines = [];
    const res = await api.request('/api/handlers', {
      method: 'POST',
      body: handlerBody({ name: REFUSED, secret: SECRET, headers: { Authorization: CREDENTIAL } }),
    });
    expect(res.status).toBe(500);
    expect(logged()).not.toContain(SECRET);
    expect(logged()).not.toContain(CREDENTIAL);
    expect(logged()).toContain('23514');
    expect(logged()).toContain('check_violation');
    expect(logged()).toContain('test_refuse');
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
  });

  it('logs a failed update without the new secret or the previous one it keeps signing with', async () => {
    const created = await api.request('/api/handlers', {
      method: 'POST',
      body: handlerBody({ name: 'rotating', secret: SECRET, headers: { Authorization: CREDENTIAL } }),
    });
    expect(created.status).toBe(201);
    lines = [];
    const res = await api.request(`/api/handlers/${created.body.id}`, {
      method: 'PATCH',
      body: { version: created.body.version, name: REFUSED, secret: NEW_SECRET },
    });
    expect(res.status).toBe(500);
    for (const value of [SECRET, NEW_SECRET, CREDENTIAL]) expect(logged()).not.toContain(value);
    expect(logged()).toContain('23514');
  });
});
