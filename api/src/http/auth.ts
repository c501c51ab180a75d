import { activeApiKeyByHash, type Db } from '@hookline/db';
import type { ApiKeyRole } from '@hookline/domain';
import type { Request, RequestHandler } from 'express';
import { hashApiKey } from '../keys/api-key';
import { HttpProblem } from './problem';

export type Role = ApiKeyRole;

export interface Principal {
  keyId: number;
  name: string;
  role: Role;
}

declare module 'http' {
  interface IncomingMessage {
    /** Set by `authenticate` on every request under /api except the public ones. */
    principal?: Principal;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

function unauthorized(detail: string): HttpProblem {
  return new HttpProblem(401, detail, { headers: { 'WWW-Authenticate': 'Bearer realm="hookline"' } });
}

/**
 * How long a process trusts a key it found active without looking it up again: one lookup per key
 * and process every two seconds instead of one per request. A key revoked through this process
 * stops at once (`forgetApiKey`); revoked through another API process, within this time.
 */
export const KEY_TRUST_MS = 2_000;
// Only keys found active are kept, so this bounds nothing but a deployment with very many keys.
const MAX_TRUSTED_KEYS = 1_000;

type TrustedKeys = Map<string, { principal: Principal; until: number }>;
const trustedKeys = new WeakMap<Db, TrustedKeys>();

function trustedKeysOf(db: Db): TrustedKeys {
  let keys = trustedKeys.get(db);
  if (!keys) trustedKeys.set(db, (keys = new Map() as TrustedKeys));
  return keys;
}

/** Stops trusting a key at once: called when it is revoked. */
export function forgetApiKey(db: Db, keyId: number): void {
  const keys = trustedKeys.get(db);
  if (!keys) return;
  for (const [hash, entry] of keys) if (entry.principal.keyId === keyId) keys.delete(hash);
}

/** Resolves `Authorization: Bearer <key>` to a principal; a missing, unknown or revoked key is a 401. */
export function authenticate(db: Db): RequestHandler {
  const keys = trustedKeysOf(db);
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    if (!header) throw unauthorized('Send an API key as "Authorization: Bearer <key>".');
    const key = BEARER.exec(header)?.[1];
    if (!key) throw unauthorized('The Authorization header must be "Bearer <key>".');
    const hash = hashApiKey(key);
    const now = Date.now();
    const trusted = keys.get(hash);
    if (trusted && trusted.until > now) {
      req.principal = { ...trusted.principal };
      next();
      return;
    }
    const row = await activeApiKeyByHash(db, hash);
    if (!row) {
      keys.delete(hash);
      throw unauthorized('The API key is unknown or has been revoked.');
    }
    const principal: Principal = { keyId: row.id, name: row.name, role: row.role };
    if (keys.size >= MAX_TRUSTED_KEYS) keys.clear();
    keys.set(hash, { principal, until: now + KEY_TRUST_MS });
    req.principal = { ...principal };
    next();
  };
}

function principalOf(req: Request): Principal {
  if (!req.principal) throw unauthorized('This route needs an API key.');
  return req.principal;
}

/** The caller's principal, once its role is one that `access` lets in: else a 401 or 403 problem. */
export function authorize(req: Request, access: 'any key' | readonly Role[]): Principal {
  const principal = principalOf(req);
  if (access !== 'any key' && !access.includes(principal.role)) {
    throw new HttpProblem(403, `The ${principal.role} role may not do this; it needs one of: ${access.join(', ')}.`);
  }
  return principal;
}
