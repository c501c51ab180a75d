import { familyByName } from './event-ordering';

/** The editor's lane groups, in canvas order. `Hookline` holds Hookline's own operational events. */
export const EVENT_GROUPS = ['Clients', 'Accounts', 'Subscriptions', 'Import', 'Custom', 'Hookline'] as const;
export type EventGroup = (typeof EVENT_GROUPS)[number];

/** The groups a custom type may be filed under: every group but Hookline's own. */
export const CUSTOM_EVENT_GROUPS = [
  'Clients',
  'Accounts',
  'Subscriptions',
  'Import',
  'Custom',
] as const satisfies readonly EventGroup[];

/**
 * Hookline's own events are named under this prefix, which is Hookline's alone: no custom type may use it, and no
 * caller may emit an event of such a type (only Hookline does, see operational-events.ts).
 */
export const OPERATIONAL_EVENT_PREFIX = 'hookline.';

export const OPERATIONAL_EVENT_TYPES = [
  'hookline.handler.disabled',
  'hookline.handler.failing',
  'hookline.handler.recovered',
  'hookline.replay.finished',
] as const;
export type OperationalEventType = (typeof OPERATIONAL_EVENT_TYPES)[number];

export interface EventTypeEntry {
  type: string;
  label: string;
  group: EventGroup;
  builtIn: boolean;
  /** The entity family whose objects the type is about: half of its ordering key (`clients` in `clients:12`). */
  family: string;
}

/** Built-in types whose family is not their name's prefix: a client's custom fields are the client's. */
const BUILT_IN_FAMILIES: Readonly<Record<string, string>> = {
  'clients.custom_fields.update': 'clients',
};

/**
 * The classic machine names, kept exactly, so receivers written for the classic
 * provisioning hooks keep working unchanged; then Hookline's own operational events.
 */
export const BUILT_IN_EVENT_TYPES: readonly EventTypeEntry[] = [
  ['clients.create', 'Client created', 'Clients'],
  ['clients.update', 'Client updated', 'Clients'],
  ['clients.delete', 'Client deleted (for good)', 'Clients'],
  ['clients.archive', 'Client archived', 'Clients'],
  ['clients.custom_fields.update', 'Client custom fields updated', 'Clients'],
  ['clients.balance_notzero', 'Balance became ≥ 0 (left debt)', 'Clients'],
  ['clients.balance_zero', 'Balance became ≤ 0', 'Clients'],
  ['clients.accounts.create', 'Account created', 'Accounts'],
  ['clients.accounts.update', 'Account updated', 'Accounts'],
  ['clients.accounts.delete', 'Account deleted', 'Accounts'],
  ['clients.subscriptions.assign', 'Subscription assigned', 'Subscriptions'],
  ['clients.subscriptions.activate', 'Subscription activated', 'Subscriptions'],
  ['clients.subscriptions.deactivate', 'Subscription deactivated', 'Subscriptions'],
  ['clients.subscriptions.renew', 'Subscription renewed', 'Subscriptions'],
  ['clients.subscriptions.close', 'Subscription closed', 'Subscriptions'],
  ['importd.process_success', 'Import process succeeded', 'Import'],
  ['importd.process_failed', 'Import process failed', 'Import'],
  ['hookline.handler.disabled', 'Handler disabled by Hookline', 'Hookline'],
  ['hookline.handler.failing', 'Handler marked failing', 'Hookline'],
  ['hookline.handler.recovered', 'Handler recovered', 'Hookline'],
  ['hookline.replay.finished', 'Bulk replay finished', 'Hookline'],
].map(([type = '', label, group]) => ({
  type,
  label,
  group,
  builtIn: true,
  family: BUILT_IN_FAMILIES[type] ?? familyByName(type),
})) as EventTypeEntry[];

/** Older spellings accepted on input and stored under their current name. */
export const EVENT_TYPE_ALIASES: Readonly<Record<string, string>> = {
  'clients.custom_fields_update': 'clients.custom_fields.update',
};

const builtInTypes = new Set(BUILT_IN_EVENT_TYPES.map((e) => e.type));

export function canonicalEventType(type: string): string {
  return EVENT_TYPE_ALIASES[type] ?? type;
}

export function isBuiltInEventType(type: string): boolean {
  return builtInTypes.has(canonicalEventType(type));
}

/** Whether the type is under Hookline's own prefix: known or not, no caller may emit or register it. */
export function isOperationalEventType(type: string): boolean {
  return canonicalEventType(type).toLowerCase().startsWith(OPERATIONAL_EVENT_PREFIX);
}

/** Custom types are namespaced like the built-in ones: lowercase dotted words. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
