export const REDACTED = '[redacted]';

/** Credentials by name, plus anything that looks like one: `X-Api-Key`, `X-Auth-Token`, `X-Client-Secret`… */
const ALWAYS_SECRET = new Set(['authorization', 'proxy-authorization', 'cookie']);
const LOOKS_SECRET = /token|secret|key|password|auth/i;

/**
 * Request headers as they are logged. `webhook-signature` stays: it is derived from the body and
 * a timestamp, so it proves nothing outside that one message and helps receivers debug verification.
 */
export function redactRequestHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    out[name] =
      ALWAYS_SECRET.has(lower) || (lower !== 'webhook-signature' && LOOKS_SECRET.test(lower)) ? REDACTED : value;
  }
  return out;
}

/**
 * Response headers as they are logged. Only `set-cookie` carries a credential (a session the receiver
 * hands out); challenges such as `www-authenticate` or rate-limit keys are what an on-call engineer needs.
 */
export function redactResponseHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = name.toLowerCase() === 'set-cookie' ? REDACTED : value;
  }
  return out;
}
