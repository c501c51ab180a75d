import { ApiKeyIdentity } from '@hookline/domain';
import type { ApiClient } from './client';

/**
 * Who the key belongs to. Any valid key may ask, so every failure is a real one: a 401 (the key is
 * unknown or revoked) reaches the client's `onUnauthorized` and signs out, anything else is shown
 * where the sign-in happened. The role only hides what the server would refuse anyway.
 */
export function whoAmI(api: ApiClient): Promise<ApiKeyIdentity> {
  return api.get('/api/keys/me', { schema: ApiKeyIdentity });
}
