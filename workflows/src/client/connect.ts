import {
  Client,
  Connection,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
  type TLSConfig,
} from '@temporalio/client';
import { closedChannelGuard } from './closed-channel-guard';

export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';

/** Where the Temporal frontend is and how to reach it: the `temporal*` fields of Hookline's configuration. */
export interface TemporalConnectionOptions {
  temporalAddress?: string | undefined;
  temporalNamespace: string;
  /** Absent or `false`: plain text; `true`: TLS with the system's roots; an object: TLS with its CA, pair and name. */
  temporalTls?: boolean | TLSConfig | undefined;
  temporalApiKey?: string | undefined;
}

/**
 * What a connection to the Temporal frontend is opened with: both the client's `Connection.connect` and the worker's
 * `NativeConnection.connect` take it as it is. It holds the API key and any client private key: never log it.
 */
export interface TemporalConnectionSettings {
  address: string;
  tls: TLSConfig | false;
  apiKey?: string;
}

/**
 * The one translation of the configuration into connection settings, so that the client and the worker reach the
 * same cluster the same way. An API key always travels over TLS, even when TLS was not asked for.
 */
export function temporalConnectionSettings(options: TemporalConnectionOptions): TemporalConnectionSettings {
  const apiKey = options.temporalApiKey || undefined;
  const asked = options.temporalTls === true ? {} : options.temporalTls || false;
  return {
    address: options.temporalAddress ?? DEFAULT_TEMPORAL_ADDRESS,
    tls: asked === false && apiKey !== undefined ? {} : asked,
    ...(apiKey !== undefined ? { apiKey } : {}),
  };
}

/** One client per process, created at start and injected everywhere it is needed. */
export async function connectClient(options: TemporalConnectionOptions): Promise<Client> {
  const settings = temporalConnectionSettings(options);
  let connection: Connection;
  try {
    connection = await Connection.connect({
      ...settings,
      // The SDK's default retries, and a guard after them for retries that outlive the connection.
      interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions()), closedChannelGuard],
    });
  } catch (err) {
    throw await explainConnectFailure(settings, err);
  }
  return new Client({ connection, namespace: options.temporalNamespace });
}

const PROBE_TIMEOUT_MS = 5_000;

/**
 * `Connection.connect` retries until its deadline and then says only that it could not connect in time, which hides
 * the one fact an operator needs: a refused port, an unknown certificate authority, a missing client certificate.
 * One direct call, without the retrying interceptors, returns the frontend's (or the TLS handshake's) own reason.
 */
async function explainConnectFailure(settings: TemporalConnectionSettings, original: unknown): Promise<Error> {
  const probe = Connection.lazy({ ...settings, interceptors: [] });
  try {
    await probe.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () => probe.workflowService.getSystemInfo({}));
    return original instanceof Error ? original : new Error(String(original));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return new Error(`cannot reach Temporal at ${settings.address}: ${reason}`, { cause: original });
  } finally {
    await probe.close().catch(() => undefined);
  }
}
