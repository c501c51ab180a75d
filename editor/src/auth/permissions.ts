import type { Role } from '../api/session';

export type Permission = 'read' | 'design' | 'replay' | 'emit';

/**
 * What each role may do (DESIGN §4). The server enforces this; the editor mirrors it only to hide
 * or disable what would be refused, so a mismatch costs a 403 in place, never a privilege.
 */
const GRANTS: Record<Permission, readonly Role[]> = {
  read: ['admin', 'designer', 'operator'],
  design: ['admin', 'designer'],
  replay: ['admin', 'operator'],
  emit: ['admin', 'service'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[permission].includes(role);
}
