import { readFileSync } from 'node:fs';

/**
 * TLS towards the Temporal frontend, in the shape the Temporal SDK's connections take as `tls` (client and worker
 * alike). An empty object is TLS with the system's trusted roots and the host of TEMPORAL_ADDRESS as server name.
 */
export interface TemporalTls {
  /** The name the server's certificate must carry, when it is not the host of TEMPORAL_ADDRESS (SNI). */
  serverNameOverride?: string;
  /** The CA that signed the server's certificate, for a cluster whose certificate the system does not trust. */
  serverRootCACertificate?: Buffer;
  /** This process's certificate and private key, for a cluster that requires mutual TLS. */
  clientCertPair?: { crt: Buffer; key: Buffer };
}

/** The TLS variables as given; paths already absolute. */
export interface TemporalTlsVariables {
  /** TEMPORAL_TLS, or undefined when it is not set. */
  tls: boolean | undefined;
  apiKey: string | undefined;
  caPath: string | undefined;
  certPath: string | undefined;
  keyPath: string | undefined;
  serverName: string | undefined;
}

const CERTIFICATE_BLOCK = /-----BEGIN [A-Z0-9 ]*CERTIFICATE-----/;
const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/** Why a file could not be read, without its contents (a private key must never reach a log or a terminal). */
function readFailure(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return typeof code === 'string' ? code : 'unreadable';
  }
}

/**
 * Reads a PEM file named by `variable`, or records why it cannot be used. Checking the block type as well as the PEM
 * framing catches the certificate and the key given the other way round, which would otherwise fail only at connect.
 */
function readPem(
  variable: string,
  path: string,
  kind: 'certificate' | 'private key',
  problems: string[]
): Buffer | undefined {
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (err) {
    problems.push(`${variable}: cannot read ${path} (${readFailure(err)})`);
    return undefined;
  }
  const text = content.toString('latin1');
  if (!text.includes('-----BEGIN')) {
    problems.push(`${variable}: ${path} is not a PEM file (no "-----BEGIN" line)`);
    return undefined;
  }
  const block = kind === 'certificate' ? CERTIFICATE_BLOCK : PRIVATE_KEY_BLOCK;
  if (!block.test(text)) {
    const expected = kind === 'certificate' ? '-----BEGIN CERTIFICATE-----' : '-----BEGIN … PRIVATE KEY-----';
    problems.push(`${variable}: ${path} holds no PEM ${kind} (no "${expected}" block)`);
    return undefined;
  }
  return content;
}

/**
 * TLS for the Temporal connection: off unless TEMPORAL_TLS, an API key (Temporal Cloud, which takes keys over TLS
 * only) or any TEMPORAL_TLS_* variable asks for it. The files are read here, at start, so that a wrong path or file
 * stops the process with its variable named instead of failing the first connection.
 */
export function readTemporalTls(v: TemporalTlsVariables, problems: string[]): false | TemporalTls {
  const tlsSettings: [string, string | undefined][] = [
    ['TEMPORAL_TLS_CA', v.caPath],
    ['TEMPORAL_TLS_CERT', v.certPath],
    ['TEMPORAL_TLS_KEY', v.keyPath],
    ['TEMPORAL_TLS_SERVER_NAME', v.serverName],
  ];
  const given = tlsSettings.filter(([, value]) => value !== undefined).map(([name]) => name);
  if (v.tls === false && given.length > 0) {
    problems.push(`TEMPORAL_TLS is false, but ${given.join(', ')} ask for TLS: unset one or the other`);
  }
  if (v.certPath !== undefined && v.keyPath === undefined) {
    problems.push('TEMPORAL_TLS_CERT is set without TEMPORAL_TLS_KEY: a client certificate needs its private key');
  }
  if (v.keyPath !== undefined && v.certPath === undefined) {
    problems.push('TEMPORAL_TLS_KEY is set without TEMPORAL_TLS_CERT: a private key needs its client certificate');
  }
  const ca = v.caPath === undefined ? undefined : readPem('TEMPORAL_TLS_CA', v.caPath, 'certificate', problems);
  const crt = v.certPath === undefined ? undefined : readPem('TEMPORAL_TLS_CERT', v.certPath, 'certificate', problems);
  const key = v.keyPath === undefined ? undefined : readPem('TEMPORAL_TLS_KEY', v.keyPath, 'private key', problems);

  if (v.tls !== true && v.apiKey === undefined && given.length === 0) return false;
  return {
    ...(v.serverName !== undefined ? { serverNameOverride: v.serverName } : {}),
    ...(ca ? { serverRootCACertificate: ca } : {}),
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
  };
}
