import { z } from 'zod';
import { AttemptStatus, ExecutionStatus } from './execution';
import { canonicalEventType } from './event-catalog';
import { HandlerKind, HandlerStatus } from './handler';
import { HandlerHealthFilter } from './handler-health';
import { MAX_SERIAL, StorableInstant, storableText } from './storable';

/** A numeric id as it arrives in a path or query string: not a number → 400; no such row is the route's 404. */
export const IdText = z
  .string()
  .regex(/^[0-9]{1,10}$/, 'must be a positive integer')
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_SERIAL, 'must be a positive integer');

export const NumericIdParams = z.object({ id: IdText });

/** Executions are named by their (UUIDv7) id. */
export const ExecutionIdParams = z.object({ id: storableText().min(1).max(200) });

/** Query flags as people type them: `true`, `false`, `1`, `0`. */
export const QueryBoolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** ISO 8601 with an offset, as a Date. */
export const QueryInstant = StorableInstant.transform((s) => new Date(s));

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export const PageLimit = z
  .string()
  .regex(/^[0-9]{1,4}$/, 'must be a whole number')
  .transform(Number)
  .pipe(z.number().int().min(1).max(MAX_PAGE_SIZE))
  .default(DEFAULT_PAGE_SIZE);

/** Opaque to clients: the `nextCursor` of the previous page, handed back as is. */
export const PageCursor = storableText().min(1).max(1000);

const EventTypeQuery = storableText().min(1).max(200).transform(canonicalEventType);

/** `GET /api/handlers` */
export const HandlerListQuery = z.object({
  event: EventTypeQuery.optional(),
  // One status or several, comma-separated: `status=enabled,disabled`.
  status: z
    .string()
    .transform((s) => s.split(',').map((part) => part.trim()))
    .pipe(z.array(HandlerStatus).min(1))
    .optional(),
  kind: HandlerKind.optional(),
  q: storableText().max(200).optional(),
  includeArchived: QueryBoolean.optional(),
  health: HandlerHealthFilter.optional().meta({
    description:
      '`failing`: handlers marked failing (a high failure share of recent calls); `auto-disabled`: handlers Hookline disabled (status disabled with a statusReason).',
  }),
});

/** Shortest `q`: trigram search needs three characters to use its index. */
export const MIN_SEARCH_LENGTH = 3;

/**
 * A `q` for the trigram index: it must hold a word of MIN_SEARCH_LENGTH letters or digits, the
 * runs trigrams are made of. Without one (`%%%`, `a-b`) the index has nothing to look up and would
 * be read from end to end.
 */
const SEARCHABLE_WORD = new RegExp(`[\\p{L}\\p{N}]{${MIN_SEARCH_LENGTH}}`, 'u');

export const SearchText = storableText()
  .trim()
  .min(MIN_SEARCH_LENGTH)
  .max(200)
  .refine(
    (text) => SEARCHABLE_WORD.test(text),
    `must contain a word of at least ${MIN_SEARCH_LENGTH} letters or digits`
  );

/** `GET /api/executions` */
export const ExecutionListQuery = z.object({
  status: ExecutionStatus.optional(),
  event: EventTypeQuery.optional(),
  handlerId: IdText.optional(),
  objectId: storableText().min(1).max(200).optional(),
  from: QueryInstant.optional(),
  to: QueryInstant.optional(),
  /** Text in any attempt's request, response or error (case-insensitive substring). */
  q: SearchText.optional(),
  cursor: PageCursor.optional(),
  limit: PageLimit,
});

/** `GET /api/handlers/:id/logs` */
export const HandlerLogsQuery = z.object({
  status: AttemptStatus.optional(),
  from: QueryInstant.optional(),
  to: QueryInstant.optional(),
  cursor: PageCursor.optional(),
  limit: PageLimit,
});

/** `GET /api/audit` */
export const AuditQuery = z.object({
  handlerId: IdText.optional(),
  cursor: PageCursor.optional(),
  limit: PageLimit,
});
