import { createHash, randomBytes } from 'node:crypto';

/** Keys are 256-bit random, so one SHA-256 is as strong as a slow KDF here and keeps lookups O(1). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): string {
  return `hl_${randomBytes(32).toString('base64url')}`;
}

/** Enough of a key to recognise it in a list, never enough to matter: `hl_` plus four characters. */
export function apiKeyPrefix(key: string): string {
  return key.startsWith('hl_') ? key.slice(0, 7) : key.slice(0, 4);
}
