import { can, type Permission } from './permissions';
import { useSession } from './useSession';

/** Whether the signed-in key's role may do this: what it may not is hidden or disabled, not merely refused. */
export function usePermission(permission: Permission): boolean {
  return can(useSession().principal.role, permission);
}
