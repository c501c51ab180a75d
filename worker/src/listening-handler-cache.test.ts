import { createDb, type Database, SNAPSHOT_CHANNEL, insertSnapshot, notify } from '@hookline/db';
import { createLogger } from '@hookline/services/logging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListeningHandlerCache } from './listening-handler-cache';

let database: Database;

beforeAll(async () => {
  database = await createDb({ dataDir: 'memory://' });
  await database.migrate();
}, 60_000);
afterAll(async () => {
  await database.close();
});

/** Stores a snapshot and announces it, as a publishing process does. */
async function publish(hash: string): Promise<number> {
  const row = await insertSnapshot(database.db, { hash, handlers: [], reason: 'test' });
  await notify(database.db, SNAPSHOT_CHANNEL, String(row.version));
  return row.version;
}

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not so within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('ListeningHandlerCache, as the health endpoint reads it', () => {
  it('reports the version the next event is planned with, and whether notifications arrive', async () => {
    const cache = new ListeningHandlerCache({ database, log: createLogger({ level: 'silent' }) });
    expect(cache.activeVersion()).toBeNull();
    expect(cache.isListening()).toBe(false);

    await cache.start();
    expect(cache.isListening()).toBe(true);
    expect(cache.activeVersion()).toBeNull();

    const first = await publish('hash-one');
    await waitFor(() => cache.activeVersion() === first);
    expect(cache.current().version).toBe(first);

    const second = await publish('hash-two');
    expect(second).toBeGreaterThan(first);
    await waitFor(() => cache.activeVersion() === second);
    expect(cache.current().version).toBe(second);

    await cache.stop();
    expect(cache.isListening()).toBe(false);
    // What it holds stays readable for the executions still finishing.
    expect(cache.activeVersion()).toBe(second);
  });
});
