import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { executionLogs, executions, handlers, handlerSnapshots } from '@hookline/db';
import { compileSnapshotContent } from '@hookline/services';
import { DryRunResult, TestSendResult } from '@hookline/domain';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handlerBody, startTestApi, type TestApi } from '../testing/api-harness';

let api: TestApi;
let receiver: Server;
let receiverUrl: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let answer = 200;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer === 200 ? 'thanks' : 'nope');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});
beforeEach(async () => {
  received.length = 0;
  answer = 200;
  await api.database.db.delete(executionLogs);
  await api.database.db.delete(executions);
  await api.database.db.delete(handlers);
  await api.database.db.delete(handlerSnapshots);
});

const create = async (fields: Record<string, unknown>) =>
  (await api.request('/api/handlers', { method: 'POST', body: handlerBody(fields) })).body as {
    id: number;
    version: number;
    secret?: string;
  };

/** What the worker's refresh would store right now, stored as the newest snapshot. */
async function publish(): Promise<number> {
  const rows = await api.database.db.select().from(handlers);
  const content = compileSnapshotContent(rows, new Date());
  const [row] = await api.database.db
    .insert(handlerSnapshots)
    .values({ hash: content.hash, handlers: content.handlers, reason: 'test' })
    .returning();
  return row!.version;
}

const dryRun = async (event: Record<string, unknown>) => {
  const res = await api.request('/api/handlers/dry-run', { method: 'POST', body: { event } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return DryRunResult.parse(res.body);
};

describe('POST /api/handlers/dry-run', () => {
  it('runs the published handlers in order and says why every other one does not', async () => {
    const big = await create({
      name: 'big spenders',
      priority: 2,
      condition: { path: 'data.amount', op: 'gte', value: 100 },
    });
    const always = await create({ name: 'always', priority: 5 });
    const first = await create({ name: 'first', priority: 1 });
    const off = await create({ name: 'off', status: 'disabled' });
    const gone = await create({ name: 'gone', status: 'archived' });
    const other = await create({ name: 'other', event: 'clients.update' });
    const version = await publish();
    const late = await create({ name: 'late', priority: 3 });
    // Published enabled, then changed: the published version runs, flagged.
    await api.request(`/api/handlers/${always.id}`, {
      method: 'PATCH',
      body: { version: always.version, name: 'always v2' },
    });

    const result = await dryRun({ type: 'clients.create', objectId: 12, data: { amount: '150' } });
    expect(result.snapshotVersion).toBe(version);
    expect(result.wouldRun).toEqual([
      { handlerId: first.id, name: 'first', priority: 1, pendingChanges: false },
      { handlerId: big.id, name: 'big spenders', priority: 2, pendingChanges: false },
      { handlerId: always.id, name: 'always', priority: 5, pendingChanges: true },
    ]);
    expect(result.wouldNotRun).toEqual([
      { handlerId: late.id, name: 'late', reason: 'not yet published' },
      { handlerId: off.id, name: 'off', reason: 'disabled' },
      { handlerId: gone.id, name: 'gone', reason: 'archived' },
      { handlerId: other.id, name: 'other', reason: 'other event' },
    ]);

    const small = await dryRun({ type: 'clients.create', data: { amount: 5 } });
    expect(small.wouldRun.map((h) => h.name)).toEqual(['first', 'always']);
    expect(small.wouldNotRun[0]).toEqual({ handlerId: big.id, name: 'big spenders', reason: 'condition false' });
  });

  it('before any snapshot: nothing runs, enabled handlers are not yet published', async () => {
    const h = await create({ name: 'new' });
    const result = await dryRun({ type: 'clients.create' });
    expect(result).toEqual({
      snapshotVersion: null,
      wouldRun: [],
      wouldNotRun: [{ handlerId: h.id, name: 'new', reason: 'not yet published' }],
    });
  });

  it('accepts the alias and refuses an unknown type or a malformed body with 400', async () => {
    expect((await dryRun({ type: 'clients.custom_fields_update' })).wouldRun).toEqual([]);
    const unknown = await api.request('/api/handlers/dry-run', { method: 'POST', body: { event: { type: 'x.y' } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].path).toBe('event.type');
    const bad = await api.request('/api/handlers/dry-run', {
      method: 'POST',
      body: { event: { type: 'clients.create', data: 1 } },
    });
    expect(bad.body.errors[0].path).toBe('event.data');
  });
});

describe('POST /api/handlers/:id/test', () => {
  it('calls the handler once through the deliverer, signed, and logs it as an execution', async () => {
    const h = await create({ name: 'crm', target: `${receiverUrl}/hook`, secret: 'generate', status: 'disabled' });
    const res = await api.request(`/api/handlers/${h.id}/test`, {
      method: 'POST',
      body: { data: { id: 12 }, objectId: 12 },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const result = TestSendResult.parse(res.body);
    expect(result).toMatchObject({
      attempt: 1,
      status: 'succeeded',
      handlerId: h.id,
      eventId: expect.stringMatching(/^test-[0-9a-f-]{36}$/),
      response: { status: 200, body: 'thanks' },
      error: null,
    });
    expect(result.request?.headers['webhook-signature']).toMatch(/^v1,/);
    expect(JSON.stringify(result)).not.toContain(h.secret!);

    expect(received).toHaveLength(1);
    const [call] = received;
    expect(JSON.parse(call!.body)).toMatchObject({
      event: { id: result.eventId, events_id: 'clients.create', object_id: '12', attempt: 1 },
      data: { id: 12 },
    });
    expect(() => new Webhook(h.secret!).verify(call!.body, call!.headers as Record<string, string>)).not.toThrow();

    const execution = await api.request(`/api/executions/${result.executionId}`);
    expect(execution.body).toMatchObject({
      eventId: result.eventId,
      workflowId: result.eventId,
      replayOf: null,
      status: 'succeeded',
      handlers: [{ handlerId: h.id, status: 'succeeded', attempts: [{ attempt: 1 }] }],
    });
    const logs = await api.request(`/api/handlers/${h.id}/logs`);
    expect(logs.body.items).toHaveLength(1);
  });

  it('answers a failed call as a 200 whose attempt failed, with no body needed', async () => {
    answer = 503;
    const h = await create({ target: `${receiverUrl}/hook` });
    const res = await api.request(`/api/handlers/${h.id}/test`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'failed',
      response: { status: 503 },
      error: expect.stringContaining('503'),
    });
    expect(JSON.parse(received[0]!.body)).toMatchObject({ event: { object_id: 'test' }, data: {} });
    expect((await api.request(`/api/executions/${res.body.executionId}`)).body.status).toBe('failed');
  });

  it("leaves a private answer's headers and body out for a designer, not for an admin, and logs them", async () => {
    const designer = await api.request('/api/keys', { method: 'POST', body: { name: 'designer', role: 'designer' } });
    const h = await create({ target: `${receiverUrl}/hook` });
    const masked = await api.request(`/api/handlers/${h.id}/test`, { method: 'POST', key: designer.body.key });
    expect(masked.status).toBe(200);
    expect(TestSendResult.parse(masked.body)).toMatchObject({
      status: 'succeeded',
      response: { status: 200, headers: {}, body: null },
      error: null,
    });
    expect(JSON.stringify(masked.body)).not.toContain('thanks');
    expect(JSON.stringify(masked.body)).not.toContain('text/plain');
    // A failing call still says how it failed, by its status.
    answer = 503;
    const failed = await api.request(`/api/handlers/${h.id}/test`, { method: 'POST', key: designer.body.key });
    expect(failed.body).toMatchObject({
      status: 'failed',
      response: { status: 503, body: null },
      error: 'HTTP 503 Service Unavailable',
    });
    answer = 200;

    const admin = await api.request(`/api/handlers/${h.id}/test`, { method: 'POST' });
    expect(admin.body.response).toMatchObject({
      status: 200,
      headers: { 'content-type': 'text/plain' },
      body: 'thanks',
    });
    // The attempt is logged as any call is.
    const execution = await api.request(`/api/executions/${masked.body.executionId}`);
    expect(execution.body.handlers[0].attempts[0].response).toMatchObject({ status: 200, body: 'thanks' });
  });

  it('answers 404 for an unknown handler and 400 for a bad body', async () => {
    expect((await api.request('/api/handlers/4242/test', { method: 'POST', body: {} })).status).toBe(404);
    const h = await create({ target: `${receiverUrl}/hook` });
    const bad = await api.request(`/api/handlers/${h.id}/test`, { method: 'POST', body: { data: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('data');
    expect(received).toHaveLength(0);
  });
});
