import type { Db } from '@hookline/db';
import type { Config } from '@hookline/services/config';
import type { HandlerKind } from '@hookline/domain';
import { resolveEventType } from '../catalog/event-types';
import { validationProblem, type FieldError } from '../http/problem';

/** Who writes and under which rules; every write is audited under `actor`. */
export interface WriteContext {
  db: Db;
  actor: string;
  config: Pick<Config, 'scriptsDir'>;
}

/** Rules that need the database or the configuration, beyond what the zod schemas can say. */
export async function checkRules(
  ctx: WriteContext,
  fields: { event?: string | undefined; kind?: HandlerKind | undefined }
): Promise<{ event?: string }> {
  const errors: FieldError[] = [];
  let event: string | undefined;
  if (fields.event !== undefined) {
    event = (await resolveEventType(ctx.db, fields.event)) ?? undefined;
    if (!event) errors.push({ path: 'event', message: `"${fields.event}" is not a known event type` });
  }
  if (fields.kind === 'script' && !ctx.config.scriptsDir) {
    errors.push({ path: 'kind', message: 'script handlers are off; set HOOKLINE_SCRIPTS_DIR to allow them' });
  }
  if (errors.length > 0) throw validationProblem(errors);
  return event === undefined ? {} : { event };
}
