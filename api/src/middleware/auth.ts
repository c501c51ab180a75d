import { activeApiKeyByHash, type ApiKeyRole, type Db } from '@hookline/db';
import type { Request, RequestHandler } from 'express';
import { hashApiKey } from '../api-keys';
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

/**
 * DESIGN §4 roles as the permissions routes ask for. Designers may read everything too: the
 * editor they work in shows executions and handler health beside the handlers.
 */
export const PERMISSIONS = {
  read: ['admin', 'designer', 'operator'],
  design: ['admin', 'designer'],
  replay: ['admin', 'operator'],
  emit: ['admin', 'service'],
  manageKeys: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

const BEARER = /^Bearer\s+(\S+)\s*$/i;

function unauthorized(detail: string): HttpProblem {
  return new HttpProblem(401, detail, { headers: { 'WWW-Authenticate': 'Bearer realm="hookline"' } });
}

/** Resolves `Authorization: Bearer <key>` to a principal; a missing, unknown or revoked key is a 401. */
export function authenticate(db: Db): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    if (!header) throw unauthorized('Send an API key as "Authorization: Bearer <key>".');
    const key = BEARER.exec(header)?.[1];
    if (!key) throw unauthorized('The Authorization header must be "Bearer <key>".');
    const row = await activeApiKeyByHash(db, hashApiKey(key));
    if (!row) throw unauthorized('The API key is unknown or has been revoked.');
    req.principal = { keyId: row.id, name: row.name, role: row.role };
    next();
  };
}

export function principalOf(req: Request): Principal {
  if (!req.principal) throw unauthorized('This route needs an API key.');
  return req.principal;
}

export function requireRole(...roles: readonly Role[]): RequestHandler {
  return (req, _res, next) => {
    const principal = principalOf(req);
    if (!roles.includes(principal.role)) {
      throw new HttpProblem(403, `The ${principal.role} role may not do this; it needs one of: ${roles.join(', ')}.`);
    }
    next();
  };
}
