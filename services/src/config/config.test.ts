import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDuration } from './index';

/** The problems a configuration is refused for, one per line of its ConfigError. */
function problemsOf(env: NodeJS.ProcessEnv, cwd?: string): string[] {
  try {
    loadConfig(env, cwd);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('the configuration was accepted');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({}, '/srv/hookline');
    expect(config).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: '/srv/hookline/.hookline',
      temporalNamespace: 'default',
      cacheRefreshMs: 300_000,
      taskQueue: 'hookline',
      scriptsDir: undefined,
      logRetentionDays: 30,
      // Only additions to the built-in default deny list, which the target policy always applies.
      targetDeny: [],
      targetAllow: [],
      listTimeoutMs: 5_000,
      temporalTls: false,
      maxCachedWorkflows: 1000,
      workerMaxActivities: 100,
      workerMaxLocalActivities: 128,
      workerMaxWorkflowTasks: 64,
      workerHealthPort: undefined,
      firstCall: 'activity',
    });
  });

  it('parses every variable it is given', () => {
    const config = loadConfig(
      {
        PORT: '9000',
        DATABASE_URL: 'postgres://u@db/hookline',
        TEMPORAL_ADDRESS: 'temporal:7233',
        HOOKLINE_CACHE_REFRESH: '30s',
        HOOKLINE_SCRIPTS_DIR: 'hooks',
        HOOKLINE_TARGET_DENY: '10.0.0.0/8, fd00::/8',
      },
      '/srv'
    );
    expect(config).toMatchObject({
      port: 9000,
      databaseUrl: 'postgres://u@db/hookline',
      temporalAddress: 'temporal:7233',
      cacheRefreshMs: 30_000,
      scriptsDir: '/srv/hooks',
      targetDeny: ['10.0.0.0/8', 'fd00::/8'],
    });
  });

  it('names every bad variable in one readable error', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        HOOKLINE_CACHE_REFRESH: 'soon',
        DATABASE_URL: 'mysql://x',
        HOOKLINE_ADMIN_KEY: 'short',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'HOOKLINE_CACHE_REFRESH', 'DATABASE_URL', 'HOOKLINE_ADMIN_KEY'])
      expect(message).toContain(name);
    expect(message).toContain('"soon" is not a duration');
  });

  it('rejects a refresh interval below 10 s and malformed CIDRs', () => {
    expect(() => loadConfig({ HOOKLINE_CACHE_REFRESH: '1s' })).toThrow(/at least 10s/);
    expect(() => loadConfig({ HOOKLINE_TARGET_ALLOW: '10.0.0.0/99' })).toThrow(/HOOKLINE_TARGET_ALLOW/);
  });

  it('refuses at start every CIDR the target policy could not use, with the rule it broke', () => {
    for (const cidr of ['intranet/8', '10.0.0.0/', '10.0.0.0/8/1', '::1/129', '1.2.3/8']) {
      expect(() => loadConfig({ HOOKLINE_TARGET_DENY: cidr }), cidr).toThrow(
        `HOOKLINE_TARGET_DENY: "${cidr}" is not a CIDR such as 10.0.0.0/8`
      );
    }
    expect(loadConfig({ HOOKLINE_TARGET_DENY: ' 10.0.0.0/8 , fd00::/8,192.0.2.1' }).targetDeny).toEqual([
      '10.0.0.0/8',
      'fd00::/8',
      '192.0.2.1',
    ]);
  });

  it('takes a Temporal UI address of http(s) only, without its trailing slash', () => {
    expect(loadConfig({}).temporalUiUrl).toBeUndefined();
    expect(loadConfig({ HOOKLINE_TEMPORAL_UI_URL: 'https://temporal.example/' }).temporalUiUrl).toBe(
      'https://temporal.example'
    );
    expect(() => loadConfig({ HOOKLINE_TEMPORAL_UI_URL: 'javascript:alert(1)' })).toThrow(/HOOKLINE_TEMPORAL_UI_URL/);
  });

  it('reads the dev server ports npm start uses, and refuses the same port twice', () => {
    expect(loadConfig({}).devServer).toEqual({ port: 7233, uiPort: 8233 });
    expect(loadConfig({ HOOKLINE_TEMPORAL_PORT: '17233', HOOKLINE_TEMPORAL_UI_PORT: '18233' }).devServer).toEqual({
      port: 17233,
      uiPort: 18233,
    });
    expect(() => loadConfig({ HOOKLINE_TEMPORAL_PORT: '0' })).toThrow(/HOOKLINE_TEMPORAL_PORT/);
    expect(() => loadConfig({ HOOKLINE_TEMPORAL_PORT: '9000', HOOKLINE_TEMPORAL_UI_PORT: '9000' })).toThrow(
      /must differ/
    );
  });
});

describe('Temporal TLS', () => {
  const CA = '-----BEGIN CERTIFICATE-----\nY2EK\n-----END CERTIFICATE-----\n';
  const CLIENT_CERT = '-----BEGIN CERTIFICATE-----\nY2xpZW50Cg==\n-----END CERTIFICATE-----\n';
  const CLIENT_KEY = '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----\n';
  const EC_KEY = '-----BEGIN EC PRIVATE KEY-----\nZWM=\n-----END EC PRIVATE KEY-----\n';
  let dir: string;
  const file = (name: string) => join(dir, name);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hookline-config-'));
    writeFileSync(file('ca.pem'), CA);
    writeFileSync(file('client.pem'), CLIENT_CERT);
    writeFileSync(file('client.key'), CLIENT_KEY);
    writeFileSync(file('ec.key'), EC_KEY);
    writeFileSync(file('not-pem.txt'), 'secret-not-pem-contents');
    writeFileSync(file('empty.pem'), '');
    writeFileSync(file('unreadable.pem'), CA);
    chmodSync(file('unreadable.pem'), 0o000);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stays in plain text unless asked, and takes TLS from TEMPORAL_TLS or an API key', () => {
    expect(loadConfig({}).temporalTls).toBe(false);
    expect(loadConfig({ TEMPORAL_TLS: 'false' }).temporalTls).toBe(false);
    expect(loadConfig({ TEMPORAL_TLS: '0' }).temporalTls).toBe(false);
    expect(loadConfig({ TEMPORAL_TLS: 'true' }).temporalTls).toEqual({});
    expect(loadConfig({ TEMPORAL_TLS: '1' }).temporalTls).toEqual({});
    expect(loadConfig({ TEMPORAL_API_KEY: 'cloud-key' }).temporalTls).toEqual({});
    expect(loadConfig({ TEMPORAL_API_KEY: 'cloud-key', TEMPORAL_TLS: 'false' }).temporalTls).toEqual({});
    expect(problemsOf({ TEMPORAL_TLS: 'yes' })).toEqual([
      'TEMPORAL_TLS: Invalid option: expected one of "0"|"1"|"true"|"false"',
    ]);
  });

  it('reads the CA, the client pair and the server name, and any of them turns TLS on', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS_CA: file('ca.pem'),
      TEMPORAL_TLS_CERT: file('client.pem'),
      TEMPORAL_TLS_KEY: file('client.key'),
      TEMPORAL_TLS_SERVER_NAME: ' temporal.example ',
    });
    expect(config.temporalTls).toEqual({
      serverNameOverride: 'temporal.example',
      serverRootCACertificate: Buffer.from(CA),
      clientCertPair: { crt: Buffer.from(CLIENT_CERT), key: Buffer.from(CLIENT_KEY) },
    });
    expect(loadConfig({ TEMPORAL_TLS_CA: file('ca.pem') }).temporalTls).toEqual({
      serverRootCACertificate: Buffer.from(CA),
    });
    expect(loadConfig({ TEMPORAL_TLS_SERVER_NAME: 'temporal.example' }).temporalTls).toEqual({
      serverNameOverride: 'temporal.example',
    });
    // Any private key type: PKCS#8, RSA or, as here, EC.
    expect(loadConfig({ TEMPORAL_TLS_CERT: file('client.pem'), TEMPORAL_TLS_KEY: file('ec.key') }).temporalTls).toEqual(
      { clientCertPair: { crt: Buffer.from(CLIENT_CERT), key: Buffer.from(EC_KEY) } }
    );
  });

  it('reads relative paths from the working directory', () => {
    expect(loadConfig({ TEMPORAL_TLS_CA: 'ca.pem' }, dir).temporalTls).toEqual({
      serverRootCACertificate: Buffer.from(CA),
    });
  });

  it('refuses a client certificate without its key, and a key without its certificate', () => {
    expect(problemsOf({ TEMPORAL_TLS_CERT: file('client.pem') })).toEqual([
      'TEMPORAL_TLS_CERT is set without TEMPORAL_TLS_KEY: a client certificate needs its private key',
    ]);
    expect(problemsOf({ TEMPORAL_TLS_KEY: file('client.key') })).toEqual([
      'TEMPORAL_TLS_KEY is set without TEMPORAL_TLS_CERT: a private key needs its client certificate',
    ]);
  });

  it('names the variable and the path of a file it cannot read', () => {
    expect(problemsOf({ TEMPORAL_TLS_CA: file('missing.pem') })).toEqual([
      `TEMPORAL_TLS_CA: cannot read ${file('missing.pem')} (no such file)`,
    ]);
    expect(problemsOf({ TEMPORAL_TLS_CA: dir })).toEqual([`TEMPORAL_TLS_CA: cannot read ${dir} (it is a directory)`]);
    // Root reads any file whatever its mode; the check means something only for an ordinary user.
    if (process.getuid?.() !== 0) {
      expect(problemsOf({ TEMPORAL_TLS_CA: file('unreadable.pem') })).toEqual([
        `TEMPORAL_TLS_CA: cannot read ${file('unreadable.pem')} (permission denied)`,
      ]);
    }
  });

  it('refuses a file that is not PEM, or PEM of the wrong kind, without quoting it', () => {
    const problems = problemsOf({
      TEMPORAL_TLS_CA: file('not-pem.txt'),
      TEMPORAL_TLS_CERT: file('empty.pem'),
      TEMPORAL_TLS_KEY: file('client.pem'),
    });
    expect(problems).toEqual([
      `TEMPORAL_TLS_CA: ${file('not-pem.txt')} is not a PEM file (no "-----BEGIN" line)`,
      `TEMPORAL_TLS_CERT: ${file('empty.pem')} is not a PEM file (no "-----BEGIN" line)`,
      `TEMPORAL_TLS_KEY: ${file('client.pem')} holds no PEM private key (no "-----BEGIN … PRIVATE KEY-----" block)`,
    ]);
    // The certificate and the key given the other way round.
    const swapped = problemsOf({ TEMPORAL_TLS_CERT: file('client.key'), TEMPORAL_TLS_KEY: file('client.pem') });
    expect(swapped).toEqual([
      `TEMPORAL_TLS_CERT: ${file('client.key')} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" block)`,
      `TEMPORAL_TLS_KEY: ${file('client.pem')} holds no PEM private key (no "-----BEGIN … PRIVATE KEY-----" block)`,
    ]);
    const message = [...problems, ...swapped].join('\n');
    expect(message).not.toContain('secret-not-pem-contents');
    expect(message).not.toContain('c2VjcmV0LWtleS1ieXRlcw');
  });

  it('refuses TLS files or a server name next to an explicit TEMPORAL_TLS=false', () => {
    expect(
      problemsOf({
        TEMPORAL_TLS: 'false',
        TEMPORAL_TLS_CA: file('ca.pem'),
        TEMPORAL_TLS_SERVER_NAME: 'temporal.example',
      })
    ).toEqual([
      'TEMPORAL_TLS is false, but TEMPORAL_TLS_CA, TEMPORAL_TLS_SERVER_NAME ask for TLS: unset one or the other',
    ]);
  });

  it('lists a TLS problem beside the other problems of the same start', () => {
    expect(
      problemsOf({
        TEMPORAL_TLS_CERT: file('client.pem'),
        HOOKLINE_TARGET_DENY: 'intranet/8',
      })
    ).toEqual([
      'HOOKLINE_TARGET_DENY: "intranet/8" is not a CIDR such as 10.0.0.0/8',
      'TEMPORAL_TLS_CERT is set without TEMPORAL_TLS_KEY: a client certificate needs its private key',
    ]);
  });
});

describe('worker settings', () => {
  it('reads the concurrency limits and the cache size', () => {
    const config = loadConfig({
      HOOKLINE_WORKER_MAX_ACTIVITIES: '250',
      HOOKLINE_WORKER_MAX_LOCAL_ACTIVITIES: ' 8 ',
      HOOKLINE_WORKER_MAX_WORKFLOW_TASKS: '4',
      HOOKLINE_MAX_CACHED_WORKFLOWS: '64',
    });
    expect(config).toMatchObject({
      workerMaxActivities: 250,
      workerMaxLocalActivities: 8,
      workerMaxWorkflowTasks: 4,
      maxCachedWorkflows: 64,
    });
    expect(loadConfig({ HOOKLINE_MAX_CACHED_WORKFLOWS: '0', HOOKLINE_WORKER_MAX_WORKFLOW_TASKS: '1' })).toMatchObject({
      maxCachedWorkflows: 0,
      workerMaxWorkflowTasks: 1,
    });
  });

  it('refuses anything but a positive whole number, quoting it', () => {
    for (const name of [
      'HOOKLINE_WORKER_MAX_ACTIVITIES',
      'HOOKLINE_WORKER_MAX_LOCAL_ACTIVITIES',
      'HOOKLINE_WORKER_MAX_WORKFLOW_TASKS',
    ]) {
      expect(problemsOf({ [name]: '0' }), name).toEqual([`${name}: must be at least 1`]);
      expect(problemsOf({ [name]: 'ten' }), name).toEqual([`${name}: "ten" is not a whole number`]);
      expect(problemsOf({ [name]: '2.5' }), name).toEqual([`${name}: "2.5" is not a whole number`]);
      expect(problemsOf({ [name]: '-3' }), name).toEqual([`${name}: "-3" is not a whole number`]);
      expect(problemsOf({ [name]: '' }), name).toEqual([`${name}: "" is not a whole number`]);
    }
    expect(problemsOf({ HOOKLINE_MAX_CACHED_WORKFLOWS: 'many' })).toEqual([
      'HOOKLINE_MAX_CACHED_WORKFLOWS: "many" is not a whole number',
    ]);
  });

  it('reads the failing-handler policy, with its defaults', () => {
    expect(loadConfig({})).toMatchObject({
      handlerHealth: { disableAfterDays: 5, failingShare: 0.5, failingWindowMs: 3_600_000, failingMinCalls: 20 },
      healthCheckMs: 300_000,
    });
    const config = loadConfig({
      HOOKLINE_DISABLE_AFTER_DAYS: '2',
      HOOKLINE_FAILING_SHARE: '25%',
      HOOKLINE_FAILING_WINDOW: '15m',
      HOOKLINE_FAILING_MIN_CALLS: '5',
      HOOKLINE_HEALTH_CHECK: '1m',
    });
    expect(config.handlerHealth).toEqual({
      disableAfterDays: 2,
      failingShare: 0.25,
      failingWindowMs: 900_000,
      failingMinCalls: 5,
    });
    expect(config.healthCheckMs).toBe(60_000);
    expect(loadConfig({ HOOKLINE_FAILING_SHARE: '0.8' }).handlerHealth.failingShare).toBe(0.8);
  });

  it('refuses a failing-handler policy that could not work, naming the variable', () => {
    expect(problemsOf({ HOOKLINE_DISABLE_AFTER_DAYS: '0' })).toEqual([
      'HOOKLINE_DISABLE_AFTER_DAYS: must be at least 1',
    ]);
    expect(problemsOf({ HOOKLINE_FAILING_SHARE: '0' })).toEqual([
      'HOOKLINE_FAILING_SHARE: "0" is not a share above 0 and at most 1, such as 0.5 or 50%',
    ]);
    expect(problemsOf({ HOOKLINE_FAILING_SHARE: '150%' })).toEqual([
      'HOOKLINE_FAILING_SHARE: "150%" is not a share above 0 and at most 1, such as 0.5 or 50%',
    ]);
    expect(problemsOf({ HOOKLINE_FAILING_WINDOW: '30s' })).toEqual(['HOOKLINE_FAILING_WINDOW: must be at least 60s']);
    expect(problemsOf({ HOOKLINE_FAILING_MIN_CALLS: 'few' })).toEqual([
      'HOOKLINE_FAILING_MIN_CALLS: "few" is not a whole number',
    ]);
  });

  it('keeps the workflow task slots within what the cache can hold', () => {
    expect(problemsOf({ HOOKLINE_MAX_CACHED_WORKFLOWS: '1' })).toEqual([
      'HOOKLINE_MAX_CACHED_WORKFLOWS: must be 0 (no cache) or at least 2',
    ]);
    expect(problemsOf({ HOOKLINE_MAX_CACHED_WORKFLOWS: '5' })).toEqual([
      'HOOKLINE_WORKER_MAX_WORKFLOW_TASKS: must not exceed HOOKLINE_MAX_CACHED_WORKFLOWS (5), since every workflow ' +
        'task in flight holds its workflow in the cache',
    ]);
    expect(problemsOf({ HOOKLINE_WORKER_MAX_WORKFLOW_TASKS: '1' })).toEqual([
      'HOOKLINE_WORKER_MAX_WORKFLOW_TASKS: must be at least 2 while the workflow cache is on (one sticky and one ' +
        'shared poller)',
    ]);
  });

  it('reads the health port, refusing 0 and anything that is not a port', () => {
    expect(loadConfig({ HOOKLINE_WORKER_HEALTH_PORT: '9464' }).workerHealthPort).toBe(9464);
    expect(loadConfig({ HOOKLINE_WORKER_HEALTH_PORT: '' }).workerHealthPort).toBeUndefined();
    expect(problemsOf({ HOOKLINE_WORKER_HEALTH_PORT: '0' })).toEqual([
      'HOOKLINE_WORKER_HEALTH_PORT: 0 would listen on a random port; a probe needs a fixed one (1–65535)',
    ]);
    for (const port of ['65536', 'http', '-1', '80.5']) {
      expect(problemsOf({ HOOKLINE_WORKER_HEALTH_PORT: port }), port).toEqual([
        `HOOKLINE_WORKER_HEALTH_PORT: "${port}" is not a port (1–65535)`,
      ]);
    }
  });
});

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1.5h', 5_400_000],
    ['1000', 1000],
    ['soon', null],
  ])('%s → %s', (text, ms) => expect(parseDuration(text)).toBe(ms));
});
