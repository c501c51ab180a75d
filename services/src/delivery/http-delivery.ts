import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { request, type Dispatcher } from 'undici';
import {
  deliveryEnvelope,
  FORBIDDEN_HEADERS,
  LOGGED_BODY_LIMIT,
  webhookId,
  type HooklineEvent,
} from '@hookline/domain';
import type { SnapshotHandler } from '@hookline/domain';
import { classifyStatus, statusLine } from './classify';
import { describeError, errorCode } from './describe-error';
import { isTargetDenied } from './guarded-lookup';
import { readLimited } from './read-limited';
import { redactRequestHeaders, redactResponseHeaders } from './redact';
import { parseRetryAfter } from './retry-after';
import { InvalidSecretError, signatureHeader, webhookTimestamp } from './signing';
import type { TargetPolicy } from './target-policy';
import type { DeliveryContext, DeliveryRequestLog, DeliveryResult } from './types';

export interface HttpDeliveryOptions {
  policy: TargetPolicy;
  userAgent: string;
  /** Must connect through `guardedLookup(policy)`, or only literal IP targets are checked. */
  dispatcher: Dispatcher;
}

/** One attempt of an HTTP handler (DESIGN §1.5). Never throws: every failure is a classified result. */
export async function deliverHttp(
  handler: SnapshotHandler,
  event: HooklineEvent,
  ctx: DeliveryContext,
  options: HttpDeliveryOptions
): Promise<DeliveryResult> {
  const startedAt = ctx.now();
  const t0 = performance.now();
  const finish = (fields: Omit<DeliveryResult, 'startedAt' | 'durationMs'>): DeliveryResult => ({
    ...fields,
    startedAt,
    durationMs: Math.round(performance.now() - t0),
  });

  const envelope = deliveryEnvelope(event, ctx.attempt);
  const body = JSON.stringify(envelope);
  const log: DeliveryRequestLog = { url: handler.target, headers: {}, body: envelope };
  const fail = (outcome: 'retryable' | 'rejected', error: string): DeliveryResult =>
    finish({ outcome, request: log, response: null, error, retryAfterMs: null });

  let headers: Record<string, string>;
  try {
    headers = buildHeaders(handler, ctx.executionId, startedAt, body, options.userAgent);
  } catch (err) {
    if (err instanceof InvalidSecretError) return fail('rejected', err.message);
    throw err;
  }
  log.headers = redactRequestHeaders(headers);

  let url: URL;
  try {
    url = new URL(handler.target);
  } catch {
    return fail('rejected', `target ${handler.target} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail('rejected', `target ${handler.target} is not an http:// or https:// URL`);
  }
  // Literal IPs never reach the lookup, so they are checked here. The URL parser has already
  // normalised the spellings that hide one (`http://0/`, `http://2130706433/`, `[::ffff:127.0.0.1]`).
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(host) !== 0;
  if (literal) {
    const reason = options.policy.check(host);
    if (reason !== null) return fail('rejected', `target ${host} ${reason}`);
  }
  const reached = literal ? { remoteAddress: host } : {};

  // One deadline for connect, headers and body together: the handler's timeout is per attempt.
  const timeout = AbortSignal.timeout(handler.timeoutMs);
  const signal = ctx.signal ? AbortSignal.any([timeout, ctx.signal]) : timeout;
  const abortedError = (): string | null =>
    timeout.aborted ? `timed out after ${handler.timeoutMs} ms` : ctx.signal?.aborted ? 'cancelled' : null;

  let res: Dispatcher.ResponseData;
  try {
    // undici's request never follows redirects (that needs the redirect interceptor), as §6 requires.
    res = await request(url, { method: 'POST', headers, body, signal, dispatcher: options.dispatcher });
  } catch (err) {
    if (isTargetDenied(err)) return fail('rejected', err.message);
    const aborted = abortedError();
    if (aborted !== null) return fail('retryable', aborted);
    // A header undici refuses to send is a configuration error; asking again sends it again.
    if (errorCode(err) === 'UND_ERR_INVALID_ARG') return fail('rejected', describeError(err));
    return fail('retryable', describeError(err));
  }

  const { data, error: readError } = await readLimited(res.body, LOGGED_BODY_LIMIT);
  const responseHeaders = flattenHeaders(res.headers);
  const response = {
    status: res.statusCode,
    headers: redactResponseHeaders(responseHeaders),
    body: data.toString('utf8'),
  };
  let outcome = classifyStatus(res.statusCode);
  let error: string | null = null;
  if (outcome !== 'succeeded') {
    error = statusLine(res.statusCode, res.statusText);
    if (res.statusCode >= 300 && res.statusCode <= 399) {
      const location = responseHeaders['location'];
      error += location ? ` (redirect to ${location} not followed)` : ' (redirects are not followed)';
    }
  }
  if (readError !== null) {
    const why = `${abortedError() ?? describeError(readError)} while reading the response body`;
    // A 2xx whose body never completed is not a finished exchange; otherwise the status already decided.
    if (outcome === 'succeeded') outcome = 'retryable';
    error = error === null ? why : `${error}; ${why}`;
  }
  const retryAfterMs =
    outcome === 'retryable'
      ? parseRetryAfter(responseHeaders['retry-after'], ctx.now(), handler.retry.maxIntervalMs)
      : null;
  return finish({ outcome, request: log, response, error, retryAfterMs, ...reached });
}

function buildHeaders(
  handler: SnapshotHandler,
  executionId: string,
  now: Date,
  body: string,
  userAgent: string
): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': userAgent };
  for (const [name, value] of Object.entries(handler.headers)) {
    // Saved handlers cannot set these (handler.ts); a hand-edited snapshot must not break framing either.
    if (!FORBIDDEN_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  }
  const id = webhookId(executionId, handler.id);
  headers['webhook-id'] = id;
  headers['webhook-timestamp'] = webhookTimestamp(now);
  const signature = signatureHeader(handler.secrets, id, now, body);
  if (signature !== null) headers['webhook-signature'] = signature;
  return headers;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
