import { apiKeyByHash, hasActiveAdminKey, insertApiKey, type Db } from '@hookline/db';
import type { Logger } from 'pino';
import { apiKeyPrefix, generateApiKey, hashApiKey } from './api-key';

export const CONFIGURED_ADMIN_KEY_NAME = 'admin (HOOKLINE_ADMIN_KEY)';
export const GENERATED_ADMIN_KEY_NAME = 'admin (generated at first start)';

/**
 * Makes sure somebody can administer Hookline. A configured key is stored (hashed) if it is not
 * yet; otherwise, when no admin key exists at all, one is generated and returned — the only time
 * it is ever visible. Returns null when nothing new has to be shown.
 */
export async function ensureAdminKey(db: Db, configured: string | undefined, log: Logger): Promise<string | null> {
  if (configured) {
    const hash = hashApiKey(configured);
    const existing = await apiKeyByHash(db, hash);
    if (existing?.revokedAt) {
      // A revocation is a decision someone made; restarting with the old value must not undo it.
      log.warn({ keyId: existing.id }, 'HOOKLINE_ADMIN_KEY has been revoked and stays revoked; configure a new one');
    } else if (!existing) {
      await insertApiKey(db, {
        name: CONFIGURED_ADMIN_KEY_NAME,
        role: 'admin',
        hash,
        prefix: apiKeyPrefix(configured),
      });
    }
    return null;
  }
  if (await hasActiveAdminKey(db)) return null;
  // Two API processes starting at once on an empty database may each make one; both keys work.
  const key = generateApiKey();
  await insertApiKey(db, {
    name: GENERATED_ADMIN_KEY_NAME,
    role: 'admin',
    hash: hashApiKey(key),
    prefix: apiKeyPrefix(key),
  });
  return key;
}
