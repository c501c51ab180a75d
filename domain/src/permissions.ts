import type { ApiKeyRole } from './api-keys';

/** What a route asks of the caller's role (DESIGN §4). */
export type Permission = 'read' | 'design' | 'replay' | 'emit' | 'manageKeys' | 'readCredentials';

/**
 * The role matrix: which roles hold each permission. The API enforces it on every route; the editor reads the
 * same table to hide or disable what the server would refuse. Designers may read everything too: the editor
 * they work in shows executions and handler health beside the handlers.
 */
export const PERMISSIONS = {
  read: ['admin', 'designer', 'operator'],
  design: ['admin', 'designer'],
  replay: ['admin', 'operator'],
  emit: ['admin', 'service'],
  manageKeys: ['admin'],
  /**
   * Reading what is write-only to everyone else: handler header values (where credentials go) and the audit
   * entries of API keys. Other roles see header names with MASKED_HEADER_VALUE as every value.
   */
  readCredentials: ['admin'],
} as const satisfies Record<Permission, readonly ApiKeyRole[]>;

export function can(role: ApiKeyRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly ApiKeyRole[]).includes(role);
}
