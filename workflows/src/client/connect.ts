import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';

export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';

/** One client per process, created at start and injected everywhere it is needed. */
export async function connectClient(config: Config): Promise<Client> {
  const connection = await Connection.connect({
    address: config.temporalAddress ?? DEFAULT_TEMPORAL_ADDRESS,
    ...(config.temporalTls ? { tls: true } : {}),
    ...(config.temporalApiKey ? { apiKey: config.temporalApiKey } : {}),
  });
  return new Client({ connection, namespace: config.temporalNamespace });
}
