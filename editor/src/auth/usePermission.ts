import { can, type Permission } from '@hookline/domain';
import { useSession } from './useSession';

/**
 * Whether the signed-in key's role may do this, by the API's own role matrix: what it may not is
 * hidden or disabled, not merely refused.
 */
export function usePermission(permission: Permission): boolean {
  return can(useSession().principal.role, permission);
}
