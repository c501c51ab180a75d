import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PEM certificate and its private key, as files. */
export interface CertificateFiles {
  cert: string;
  key: string;
}

export interface TestCertificates {
  /** The CA that signed both pairs below. */
  ca: CertificateFiles;
  /** The frontend's pair: names `localhost` and 127.0.0.1, and serves for client authentication too. */
  server: CertificateFiles;
  /** A Hookline process's pair, for client authentication only. */
  client: CertificateFiles;
  /** A CA that signed nothing here: trusting it, a client must refuse the server. */
  strangerCa: CertificateFiles;
  remove(): void;
}

/** One day: these live for one test run. */
const VALID_DAYS = '1';

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** P-256 keys: every party here takes them (Go's crypto/tls, rustls in the worker's core, OpenSSL in grpc-js). */
const KEY_ARGS = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function certificateAuthority(dir: string, name: string): CertificateFiles {
  const files = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
  openssl([
    'req',
    '-x509',
    ...KEY_ARGS,
    '-keyout',
    files.key,
    '-out',
    files.cert,
    '-days',
    VALID_DAYS,
    '-subj',
    `/CN=Hookline test ${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return files;
}

/** A leaf certificate signed by `ca`, with the extensions given in OpenSSL's config syntax. */
function leaf(dir: string, name: string, ca: CertificateFiles, extensions: string[]): CertificateFiles {
  const files = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
  const request = join(dir, `${name}.csr`);
  const extensionFile = join(dir, `${name}.ext`);
  openssl(['req', ...KEY_ARGS, '-keyout', files.key, '-out', request, '-subj', `/CN=${name}`]);
  // What the pair is for, stated: Go's server checks a client certificate's extended key usage, and rustls refuses a
  // version-1 certificate, which is what `x509 -req` makes without an extension file.
  writeFileSync(
    extensionFile,
    ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', ...extensions, ''].join('\n')
  );
  openssl([
    'x509',
    '-req',
    '-in',
    request,
    '-CA',
    ca.cert,
    '-CAkey',
    ca.key,
    '-set_serial',
    `0x${randomBytes(8).toString('hex')}`,
    '-days',
    VALID_DAYS,
    '-sha256',
    '-extfile',
    extensionFile,
    '-out',
    files.cert,
  ]);
  return files;
}

/** A throwaway CA, a server and a client pair it signed, and an unrelated CA, in a temp folder that `remove` deletes. */
export function generateTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-tls-'));
  try {
    const ca = certificateAuthority(dir, 'ca');
    return {
      ca,
      server: leaf(dir, 'localhost', ca, [
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        'extendedKeyUsage=serverAuth,clientAuth',
      ]),
      client: leaf(dir, 'hookline-client', ca, ['extendedKeyUsage=clientAuth']),
      strangerCa: certificateAuthority(dir, 'stranger-ca'),
      remove: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`openssl could not make the test certificates: ${stderr || (err as Error).message}`);
  }
}
