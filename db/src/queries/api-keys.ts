import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../database';
import { apiKeys, type ApiKeyRow } from '../schema';

export type ApiKeyRole = ApiKeyRow['role'];

/** The key a request presents, if it exists and is not revoked. */
export async function activeApiKeyByHash(db: Db, hash: string): Promise<ApiKeyRow | null> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)));
  return row ?? null;
}

/** Revoked keys included: a revoked key must not be brought back by inserting it again. */
export async function apiKeyByHash(db: Db, hash: string): Promise<ApiKeyRow | null> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.hash, hash));
  return row ?? null;
}

/** Idempotent on the hash, so two processes ensuring the same configured key insert it once. */
export async function insertApiKey(
  db: Db,
  key: { name: string; role: ApiKeyRole; hash: string; prefix: string }
): Promise<ApiKeyRow | null> {
  const [row] = await db.insert(apiKeys).values(key).onConflictDoNothing({ target: apiKeys.hash }).returning();
  return row ?? null;
}

export async function hasActiveAdminKey(db: Db): Promise<boolean> {
  const [row] = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.role, 'admin'), isNull(apiKeys.revokedAt)))
    .limit(1);
  return row !== undefined;
}

export async function listApiKeys(db: Db): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).orderBy(asc(apiKeys.id));
}

export async function revokeApiKey(db: Db, id: number): Promise<ApiKeyRow | null> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(eq(apiKeys.id, id))
    .returning();
  return row ?? null;
}

export async function apiKeyById(db: Db, id: number): Promise<ApiKeyRow | null> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
  return row ?? null;
}

/** Active admin keys other than `exceptId`: revoking the last one would lock everybody out. */
export async function countOtherActiveAdminKeys(db: Db, exceptId: number): Promise<number> {
  return db.$count(apiKeys, and(eq(apiKeys.role, 'admin'), isNull(apiKeys.revokedAt), ne(apiKeys.id, exceptId)));
}
