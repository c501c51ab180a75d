import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDuration } from './index';

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
