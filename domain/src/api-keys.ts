import { z } from 'zod';
import { storableText } from './storable';

/**
 * DESIGN §4: `admin` everything; `designer` handlers, catalogue, publish; `operator` read and
 * replay; `service` emit events only.
 */
export const API_KEY_ROLES = ['admin', 'designer', 'operator', 'service'] as const;
export const ApiKeyRole = z.enum(API_KEY_ROLES);
export type ApiKeyRole = z.infer<typeof ApiKeyRole>;

/** `POST /api/keys` */
export const ApiKeyCreate = z
  .object({
    name: storableText().trim().min(1).max(200),
    role: ApiKeyRole,
  })
  .strict();
export type ApiKeyCreate = z.input<typeof ApiKeyCreate>;

/** Who a key is: `GET /api/keys/me`, so the editor can hide what the role may not do. */
export const ApiKeyIdentity = z.object({
  id: z.number().int(),
  name: z.string(),
  role: ApiKeyRole,
});
export type ApiKeyIdentity = z.infer<typeof ApiKeyIdentity>;

/** A new key: the only answer that ever carries the secret. */
export const ApiKeyCreated = ApiKeyIdentity.extend({ key: z.string() });
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>;

/** A key as listed: never the secret, only its first characters to recognise it by. */
export const ApiKeySummary = ApiKeyIdentity.extend({
  prefix: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type ApiKeySummary = z.infer<typeof ApiKeySummary>;
