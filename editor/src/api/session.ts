import { z } from 'zod';
import type { ApiClient } from './client';
import { ApiError } from './problem';

export const ROLES = ['admin', 'designer', 'operator', 'service'] as const;
export type Role = (typeof ROLES)[number];

const Me = z.object({ name: z.string(), role: z.enum(ROLES) });
export type Principal = z.infer<typeof Me>;

/**
 * Who the key belongs to. An API without `GET /api/keys/me` answers 404 — and, since every route
 * under /api authenticates first, a 404 still proves the key valid; the editor then assumes admin
 * and lets the server refuse what the key may not do. A 403 (the route kept for admins) gives the
 * read-only editor.
 */
export async function whoAmI(api: ApiClient): Promise<Principal> {
  try {
    return await api.get('/api/keys/me', { schema: Me });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return { name: 'API key', role: 'admin' };
    // Allowed to sign in but not to ask who it is: show the read-only editor and let the server decide.
    if (err instanceof ApiError && err.status === 403) return { name: 'API key', role: 'operator' };
    throw err;
  }
}

const Health = z.object({
  status: z.string().optional(),
  checks: z.record(z.string(), z.string()).optional(),
  // Only http(s) links are ever rendered; anything else is dropped.
  temporalUiUrl: z
    .string()
    .regex(/^https?:\/\//i)
    .optional()
    .catch(undefined),
  temporalNamespace: z.string().optional(),
});
export type Health = z.infer<typeof Health>;

/** Unauthenticated, and answered with 503 when degraded: the body is what matters, whatever the status. */
export async function getHealth(fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)): Promise<Health> {
  try {
    const response = await fetchImpl('/api/health', { headers: { accept: 'application/json' } });
    const parsed = Health.safeParse(await response.json());
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
