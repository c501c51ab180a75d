import { OPERATIONAL_EVENT_SAMPLES, type EventGroup, type HooklineEvent } from '@hookline/domain';

/*
 * Example payloads for the preview and for "send test event", shaped like what a billing platform
 * sends for each group of the classic catalogue. The user edits them freely, or takes the latest
 * real event of the type instead.
 */

const client = {
  id: 12,
  name: 'Example LLC',
  email: 'billing@example.com',
  balance: '-10.50',
  currency: 'USD',
  status: 'active',
  reseller: { id: 7, name: 'Main reseller' },
  custom_fields: { crm_id: 'A-1001', segment: 'smb' },
};

const DATA_BY_TYPE: Record<string, Record<string, unknown>> = {
  'clients.custom_fields.update': {
    id: 12,
    custom_fields: { crm_id: 'A-1001', segment: 'enterprise' },
    changed: ['segment'],
  },
  'clients.balance_zero': { id: 12, balance: '-0.01', previous_balance: '4.99', currency: 'USD' },
  'clients.balance_notzero': { id: 12, balance: '0.00', previous_balance: '-10.50', currency: 'USD' },
  'clients.delete': { id: 12 },
  // Hookline's own events, as Hookline emits them.
  ...OPERATIONAL_EVENT_SAMPLES,
};

const DATA_BY_GROUP: Record<EventGroup, Record<string, unknown>> = {
  Clients: client,
  Accounts: {
    id: 301,
    client_id: 12,
    login: 'example',
    type: 'internet',
    status: 'active',
    tariff: { id: 5, name: 'Fiber 100' },
  },
  Subscriptions: {
    id: 9001,
    client_id: 12,
    service: { id: 44, name: 'Hosting S' },
    price: '9.99',
    period: 'month',
    start_date: '2026-01-01',
    end_date: '2026-02-01',
    status: 'active',
  },
  Import: { process_id: 55, file: 'clients.csv', rows: 120, imported: 118, failed: 2, message: '2 rows rejected' },
  Custom: {},
  Hookline: {},
};

type JsonSchema = Record<string, unknown>;

/** A value for a (simple) JSON Schema: its example or default, else a placeholder of its type. */
function fromSchema(schema: JsonSchema, depth = 0): unknown {
  if (depth > 5) return null;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0] as unknown;
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as unknown;
  const type = Array.isArray(schema.type) ? (schema.type[0] as unknown) : schema.type;
  switch (type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      return Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, fromSchema(sub, depth + 1)]));
    }
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'string':
      return 'text';
    default:
      return null;
  }
}

export function sampleData(type: string, group: EventGroup, schema: JsonSchema | null): Record<string, unknown> {
  if (schema) {
    const value = fromSchema(schema);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  }
  return structuredClone(DATA_BY_TYPE[type] ?? DATA_BY_GROUP[group]);
}

export function sampleEvent(type: string, group: EventGroup, schema: JsonSchema | null): HooklineEvent {
  return {
    id: 'sample-event',
    type,
    objectId: '12',
    occurredAt: '2026-01-05T10:00:00.000Z',
    data: sampleData(type, group, schema),
  };
}
