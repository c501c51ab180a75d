import { z } from 'zod';
import { Condition } from './condition';
import { MAX_SERIAL, storableText } from './storable';

export const HANDLER_KINDS = ['http', 'script'] as const;
export const HandlerKind = z.enum(HANDLER_KINDS);
export type HandlerKind = z.infer<typeof HandlerKind>;

export const HANDLER_STATUSES = ['enabled', 'disabled', 'archived'] as const;
export const HandlerStatus = z.enum(HANDLER_STATUSES);
export type HandlerStatus = z.infer<typeof HandlerStatus>;

export const ON_FAILURE_ACTIONS = ['continue', 'stop'] as const;
export const OnFailure = z.enum(ON_FAILURE_ACTIONS);
export type OnFailure = z.infer<typeof OnFailure>;

export const DEFAULT_RETRY = { maxAttempts: 5, initialIntervalMs: 1000, backoffCoefficient: 2, maxIntervalMs: 60_000 };
export const DEFAULT_TIMEOUT_MS = 10_000;

export const RetryPolicy = z
  .object({
    maxAttempts: z.number().int().min(1).max(100).default(DEFAULT_RETRY.maxAttempts),
    initialIntervalMs: z.number().int().min(10).max(3_600_000).default(DEFAULT_RETRY.initialIntervalMs),
    backoffCoefficient: z.number().min(1).max(10).default(DEFAULT_RETRY.backoffCoefficient),
    maxIntervalMs: z.number().int().min(10).max(86_400_000).default(DEFAULT_RETRY.maxIntervalMs),
  })
  .strict()
  .refine((r) => r.maxIntervalMs >= r.initialIntervalMs, {
    message: 'maxIntervalMs must be at least initialIntervalMs',
    path: ['maxIntervalMs'],
  });
export type RetryPolicy = z.infer<typeof RetryPolicy>;

/** Hop-by-hop and framing headers are ours to set; a handler may not override them. */
export const FORBIDDEN_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'content-type',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
]);

/**
 * What every role but admin sees in place of a handler header's value: headers are where credentials go, and
 * they are write-only below admin. Sent back as a header's value on create or PATCH, it means "keep the value
 * stored for this header", so a client can return a handler it was shown masked without erasing its credentials.
 */
export const MASKED_HEADER_VALUE = '********';

/** The headers with every value replaced by the mask; names stay visible. */
export function maskHeaderValues(headers: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(Object.keys(headers).map((name) => [name, MASKED_HEADER_VALUE]));
}

export const HandlerHeaders = z
  .record(
    z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'is not a valid header name'),
    storableText()
      .max(8192)
      .regex(/^[^\r\n]*$/, 'may not contain line breaks')
  )
  .superRefine((headers, ctx) => {
    for (const name of Object.keys(headers)) {
      if (FORBIDDEN_HEADERS.has(name.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `header ${name} is set by Hookline and cannot be configured`,
        });
      }
    }
  })
  .meta({
    description: `Extra request headers. A value of exactly "${MASKED_HEADER_VALUE}" keeps the value stored for that header (as shown to roles that may not read header values); a header left out is removed.`,
  });

export const SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]+={0,2}$/;
export const HandlerSecret = z
  .string()
  .regex(SECRET_PATTERN, 'must be "whsec_" followed by base64, or "generate"')
  .refine((s) => {
    const bytes = (s.length - 6) * 0.75 - (s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0);
    return bytes >= 24 && bytes <= 64;
  }, 'must encode 24 to 64 random bytes')
  .or(z.literal('generate'));

export const Position = z.object({ x: z.number().finite(), y: z.number().finite() }).strict();

/** Field rules without defaults, shared by create (which adds defaults) and patch (which must not). */
const HandlerFields = {
  name: storableText().trim().min(1).max(200),
  event: storableText().min(1).max(200),
  kind: HandlerKind,
  target: storableText().min(1).max(2000),
  status: HandlerStatus,
  priority: z.number().int().min(1).max(1_000_000),
  condition: Condition.nullable(),
  retry: RetryPolicy,
  timeoutMs: z.number().int().min(100).max(300_000),
  onFailure: OnFailure,
  headers: HandlerHeaders,
  secret: HandlerSecret.nullable(),
  position: Position.nullable(),
};

function checkTarget(h: { kind?: HandlerKind | undefined; target?: string | undefined }, ctx: z.RefinementCtx): void {
  if (h.target === undefined) return;
  if ((h.kind ?? 'http') === 'http') {
    let url: URL | null = null;
    try {
      url = new URL(h.target);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'must be an http:// or https:// URL' });
    } else if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'must not carry credentials; use headers instead' });
    }
  } else if (h.target.startsWith('/') || h.target.split(/[\\/]/).includes('..') || h.target.includes('\0')) {
    ctx.addIssue({ code: 'custom', path: ['target'], message: 'must be a path inside the scripts folder' });
  }
}

export const HandlerCreate = z
  .object({
    ...HandlerFields,
    kind: HandlerFields.kind.default('http'),
    status: HandlerFields.status.default('enabled'),
    priority: HandlerFields.priority.default(10),
    condition: HandlerFields.condition.default(null),
    retry: HandlerFields.retry.default(DEFAULT_RETRY),
    timeoutMs: HandlerFields.timeoutMs.default(DEFAULT_TIMEOUT_MS),
    onFailure: HandlerFields.onFailure.default('continue'),
    headers: HandlerFields.headers.default({}),
    secret: HandlerFields.secret.optional(),
    position: HandlerFields.position.optional(),
  })
  .strict()
  .superRefine(checkTarget);
export type HandlerCreate = z.input<typeof HandlerCreate>;

/** PATCH: any subset of fields, plus the version the client last saw (optimistic concurrency). */
export const HandlerPatch = z
  .object(HandlerFields)
  .partial()
  .extend({ version: z.number().int().min(1).max(MAX_SERIAL) })
  .strict()
  .superRefine(checkTarget);
export type HandlerPatch = z.input<typeof HandlerPatch>;

/** A handler as the API returns it: the secret never leaves, only whether there is one. */
export const Handler = z.object({
  id: z.number().int(),
  name: z.string(),
  event: z.string(),
  kind: HandlerKind,
  target: z.string(),
  status: HandlerStatus,
  priority: z.number().int(),
  condition: Condition.nullable(),
  retry: RetryPolicy,
  timeoutMs: z.number().int(),
  onFailure: OnFailure,
  headers: z.record(z.string(), z.string()).meta({
    description: `Extra request headers. Values are shown to admin keys only; every other role sees "${MASKED_HEADER_VALUE}" in place of each value.`,
  }),
  hasSecret: z.boolean(),
  position: Position.nullable(),
  statusReason: z.string().nullable().meta({
    description:
      'Why the status last changed when Hookline changed it (e.g. disabled after a 410 Gone); null when a person set it.',
  }),
  failingSince: z.string().nullable().meta({
    description: 'When the handler was marked failing (a high failure share of its recent calls); null when it is not.',
  }),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Handler = z.infer<typeof Handler>;

/** A handler as written (created or changed): a generated secret appears once, in the answer that generated it. */
export const HandlerWritten = Handler.extend({
  secret: z.string().optional().meta({ description: 'Present only when the server generated it ("generate").' }),
});
export type HandlerWritten = z.infer<typeof HandlerWritten>;

/** Runs in priority order; ties broken by id (DESIGN §1.2). */
export function byPriority(a: { priority: number; id: number }, b: { priority: number; id: number }): number {
  return a.priority - b.priority || a.id - b.id;
}
