import {
  apiKeyById,
  countOtherActiveAdminKeys,
  insertApiKey,
  insertAuditEntry,
  listApiKeys,
  revokeApiKey,
  type ApiKeyRow,
  type Db,
} from '@hookline/db';
import type { ApiKeyCreate, ApiKeyCreated, ApiKeySummary } from '@hookline/domain';
import type { z } from 'zod';
import { apiKeyPrefix, generateApiKey, hashApiKey } from './api-key';
import { forgetApiKey } from '../http/auth';
import { HttpProblem, notFound } from '../http/problem';

export function apiKeySummary(row: ApiKeyRow): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** A new key, stored hashed; the returned `key` is the only time anybody sees it. */
export async function createApiKey(
  db: Db,
  actor: string,
  input: z.output<typeof ApiKeyCreate>
): Promise<ApiKeyCreated> {
  const key = generateApiKey();
  return db.transaction(async (tx) => {
    const row = await insertApiKey(tx, { ...input, hash: hashApiKey(key), prefix: apiKeyPrefix(key) });
    // 256 random bits cannot collide with a stored hash; a null here is a broken invariant.
    if (!row) throw new Error('a freshly generated API key collided with a stored one');
    await insertAuditEntry(tx, {
      actor,
      action: 'api_key.create',
      handlerId: null,
      before: null,
      after: apiKeySummary(row),
    });
    return { id: row.id, name: row.name, role: row.role, key };
  });
}

export async function allApiKeys(db: Db): Promise<ApiKeySummary[]> {
  return (await listApiKeys(db)).map(apiKeySummary);
}

/**
 * Revokes a key (again is a no-op). The last active admin key stays: without it nobody could manage
 * keys until a restart generated a new one.
 */
export async function revokeKey(db: Db, actor: string, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await apiKeyById(tx, id);
    if (!before) throw notFound(`There is no API key ${id}.`);
    if (before.revokedAt) return;
    if (before.role === 'admin' && (await countOtherActiveAdminKeys(tx, id)) === 0) {
      throw new HttpProblem(409, `Key ${id} is the last active admin key; create another admin key first.`);
    }
    const after = await revokeApiKey(tx, id);
    await insertAuditEntry(tx, {
      actor,
      action: 'api_key.revoke',
      handlerId: null,
      before: apiKeySummary(before),
      after: after ? apiKeySummary(after) : null,
    });
  });
  forgetApiKey(db, id);
}
