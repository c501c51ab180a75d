import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { q } from './yaml-string';

/**
 * TLS on the server's frontend, the one service its clients reach. The other services (history, matching, worker)
 * keep talking to each other in plain text: they listen on the loopback only (`bindOnLocalHost`).
 */
export interface TemporalServerTls {
  /**
   * PEM certificate of the frontend. The server's own system worker presents it too when it dials the frontend, so
   * with `requireClientAuth` it must allow client authentication as well (extendedKeyUsage serverAuth, clientAuth).
   */
  certFile: string;
  /** PEM private key of `certFile`. */
  keyFile: string;
  /** PEM CA that signed `certFile` and, with `requireClientAuth`, every client's certificate. */
  caFile: string;
  /** Mutual TLS: the frontend refuses a client without a certificate signed by `caFile`. */
  requireClientAuth: boolean;
  /** The name `certFile` carries, which the server's own clients check; `localhost` when not given. */
  serverName?: string;
}

/** The frontend listens on the loopback only, so its certificate names the loopback. */
const DEFAULT_SERVER_NAME = 'localhost';

/**
 * The `global.tls` block. `frontend.server` is the listener; `systemWorker` is how the server's worker service (the
 * scheduler, the namespace deleter and the other system workflows) dials the frontend. Without an explicit
 * `systemWorker`, v1.29 falls back to `frontend.client` with the internode certificate, and there is none here.
 */
export function tlsYaml(tls: TemporalServerTls): string {
  return [
    '  tls:',
    '    frontend:',
    '      server:',
    `        certFile: ${q(tls.certFile)}`,
    `        keyFile: ${q(tls.keyFile)}`,
    `        requireClientAuth: ${tls.requireClientAuth}`,
    // The server ignores the client CAs unless it requires client certificates.
    ...(tls.requireClientAuth ? ['        clientCaFiles:', `          - ${q(tls.caFile)}`] : []),
    '    systemWorker:',
    `      certFile: ${q(tls.certFile)}`,
    `      keyFile: ${q(tls.keyFile)}`,
    '      client:',
    `        serverName: ${q(tls.serverName ?? DEFAULT_SERVER_NAME)}`,
    '        rootCaFiles:',
    `          - ${q(tls.caFile)}`,
  ].join('\n');
}

/**
 * How a client of this process reaches a frontend with this TLS: trusting `caFile`, checking the server's name, and
 * under mutual TLS presenting the server's own pair, as the system worker does.
 */
export function frontendClientTls(tls: TemporalServerTls): TLSConfig {
  return {
    serverNameOverride: tls.serverName ?? DEFAULT_SERVER_NAME,
    serverRootCACertificate: readFileSync(tls.caFile),
    ...(tls.requireClientAuth
      ? { clientCertPair: { crt: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) } }
      : {}),
  };
}
