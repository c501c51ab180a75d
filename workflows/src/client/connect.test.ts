import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPORAL_ADDRESS, temporalConnectionSettings } from './connect';

describe('temporalConnectionSettings', () => {
  it('connects in plain text to the local default when nothing is configured', () => {
    expect(temporalConnectionSettings({ temporalNamespace: 'default' })).toEqual({
      address: DEFAULT_TEMPORAL_ADDRESS,
      tls: false,
    });
    expect(DEFAULT_TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
  });

  it('turns TLS on with the system roots for `true`', () => {
    expect(
      temporalConnectionSettings({ temporalNamespace: 'ns', temporalAddress: 'temporal:7233', temporalTls: true })
    ).toEqual({ address: 'temporal:7233', tls: {} });
  });

  it('passes the CA, the client pair and the server name through unchanged', () => {
    const ca = Buffer.from('-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n');
    const crt = Buffer.from('-----BEGIN CERTIFICATE-----\nclient\n-----END CERTIFICATE-----\n');
    const key = Buffer.from('-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n');
    const settings = temporalConnectionSettings({
      temporalNamespace: 'ns',
      temporalAddress: 'temporal.internal:7233',
      temporalTls: {
        serverNameOverride: 'temporal.example',
        serverRootCACertificate: ca,
        clientCertPair: { crt, key },
      },
    });
    expect(settings).toEqual({
      address: 'temporal.internal:7233',
      tls: { serverNameOverride: 'temporal.example', serverRootCACertificate: ca, clientCertPair: { crt, key } },
    });
    expect(settings).not.toHaveProperty('apiKey');
  });

  it('sends an API key over TLS only, even when TLS was not asked for', () => {
    expect(
      temporalConnectionSettings({
        temporalNamespace: 'ns',
        temporalAddress: 'ns.acct.tmprl.cloud:7233',
        temporalApiKey: 'secret-key',
      })
    ).toEqual({ address: 'ns.acct.tmprl.cloud:7233', tls: {}, apiKey: 'secret-key' });
    expect(
      temporalConnectionSettings({ temporalNamespace: 'ns', temporalApiKey: 'secret-key', temporalTls: false })
    ).toEqual({ address: DEFAULT_TEMPORAL_ADDRESS, tls: {}, apiKey: 'secret-key' });
    const withServerName = temporalConnectionSettings({
      temporalNamespace: 'ns',
      temporalApiKey: 'secret-key',
      temporalTls: { serverNameOverride: 'cloud.example' },
    });
    expect(withServerName.tls).toEqual({ serverNameOverride: 'cloud.example' });
  });

  it('treats an empty API key as none', () => {
    expect(temporalConnectionSettings({ temporalNamespace: 'ns', temporalApiKey: '' })).toEqual({
      address: DEFAULT_TEMPORAL_ADDRESS,
      tls: false,
    });
  });
});
