import { describe, expect, it } from 'vitest';
import { REDACTED, redactRequestHeaders, redactResponseHeaders } from './redact';

describe('redactRequestHeaders', () => {
  it('hides credentials and credential-like names, keeps the rest and the signature', () => {
    expect(
      redactRequestHeaders({
        Authorization: 'Bearer abc',
        cookie: 'sid=1',
        'x-api-key': 'k',
        'X-Auth-Token': 't',
        'x-client-secret': 's',
        'x-db-password': 'p',
        'webhook-signature': 'v1,xyz',
        'x-trace-id': 'trace',
        'content-type': 'application/json',
      })
    ).toEqual({
      Authorization: REDACTED,
      cookie: REDACTED,
      'x-api-key': REDACTED,
      'X-Auth-Token': REDACTED,
      'x-client-secret': REDACTED,
      'x-db-password': REDACTED,
      'webhook-signature': 'v1,xyz',
      'x-trace-id': 'trace',
      'content-type': 'application/json',
    });
  });
});

describe('redactResponseHeaders', () => {
  it('hides only set-cookie', () => {
    expect(redactResponseHeaders({ 'set-cookie': 'sid=1', 'www-authenticate': 'Bearer', 'retry-after': '5' })).toEqual({
      'set-cookie': REDACTED,
      'www-authenticate': 'Bearer',
      'retry-after': '5',
    });
  });
});
