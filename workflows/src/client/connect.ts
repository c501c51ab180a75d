import { Client, Connection } from '@temporalio/client';

export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';

/** Where the Temporal frontend is and how to reach it: the `temporal*` fields of Hookline's configuration. */
export interface TemporalConnectionOptions {
  temporalAddress?: string | undefined;
  temporalNamespace: string;
  temporalTls?: boolean | undefined;
  temporalApiKey?: string | undefined;
}

/** One client per process, created at start and injected everywhere it is needed. */
export async function connectClient(options: TemporalConnectionOptions): Promise<Client> {
  const connection = await Connection.connect({
    address: options.temporalAddress ?? DEFAULT_TEMPORAL_ADDRESS,
    ...(options.temporalTls ? { tls: true } : {}),
    ...(options.temporalApiKey ? { apiKey: options.temporalApiKey } : {}),
  });
  return new Client({ connection, namespace: options.temporalNamespace });
}
