import { z } from 'zod';
import {
  CUSTOM_EVENT_GROUPS,
  EVENT_GROUPS,
  EVENT_TYPE_PATTERN,
  OPERATIONAL_EVENT_PREFIX,
  isOperationalEventType,
} from './event-catalog';
import { EntityFamily, EventOrdering } from './event-ordering';
import { storableJson, storableText } from './storable';

/** How deep a custom type's JSON Schema may nest: ajv compiles it recursively. */
export const MAX_SCHEMA_DEPTH = 32;

/** A JSON Schema (2020-12) for `data`; checked as a schema by the API (ajv) when registered. */
export const DataJsonSchema = z.record(z.string(), z.unknown());

/** The schema as registered: stored as jsonb, so storable, and shallow enough to compile. */
const DataJsonSchemaInput = DataJsonSchema.superRefine(storableJson({ maxDepth: MAX_SCHEMA_DEPTH }));

export const EventGroupSchema = z.enum(EVENT_GROUPS);

/** Where a custom type may be filed: not under Hookline, whose group holds Hookline's own events only. */
export const CustomEventGroupSchema = z.enum(CUSTOM_EVENT_GROUPS);

/** `POST /api/catalog/events`: a custom event type, optionally with a schema that `data` must satisfy. */
export const CustomEventTypeCreate = z
  .object({
    type: z
      .string()
      .min(3)
      .max(200)
      .regex(EVENT_TYPE_PATTERN, 'must be lowercase dotted words, such as billing.invoice.paid')
      .refine(
        (type) => !isOperationalEventType(type),
        `may not start with "${OPERATIONAL_EVENT_PREFIX}": Hookline's own`
      ),
    label: storableText().trim().min(1).max(200),
    group: CustomEventGroupSchema.default('Custom'),
    schema: DataJsonSchemaInput.nullable().default(null),
    /** Defaults to the type's name without its last word (`billing.invoice.paid` → `billing.invoice`). */
    family: EntityFamily.optional(),
    ordering: EventOrdering.default('none'),
  })
  .strict();
export type CustomEventTypeCreate = z.input<typeof CustomEventTypeCreate>;

/**
 * `PATCH /api/catalog/events/:type`: `schema: null` removes the schema. A built-in type takes `ordering` only; a
 * custom one any of the fields.
 */
export const CustomEventTypePatch = z
  .object({
    label: storableText().trim().min(1).max(200),
    group: CustomEventGroupSchema,
    schema: DataJsonSchemaInput.nullable(),
    family: EntityFamily,
    ordering: EventOrdering,
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one of label, group, schema, family, ordering');
export type CustomEventTypePatch = z.input<typeof CustomEventTypePatch>;

/** One entry of `GET /api/catalog/events`. */
export const CatalogEntry = z.object({
  type: z.string(),
  label: z.string(),
  group: EventGroupSchema,
  builtIn: z.boolean(),
  /** Older spellings accepted on input for this type. */
  aliases: z.array(z.string()),
  /** JSON Schema that `data` must satisfy (custom types only). */
  schema: DataJsonSchema.nullable(),
  /** The entity family of the type's objects: with the object id, the ordering key (`clients:12`). */
  family: z.string(),
  /** `object`: events with the same ordering key run one at a time, in the order accepted. Default `none`. */
  ordering: EventOrdering,
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;

/** `/api/catalog/events/:type` */
export const EventTypeParams = z.object({ type: storableText().min(1).max(200) });
