import type { EventTypeRow } from '@hookline/db';
import { ajvFieldErrors, compileDataSchema, type CompiledDataSchema } from './json-schema';
import type { FieldError } from '../http/problem';

/**
 * The compiled `data` schema of each custom event type, compiled once per (type, version). Every
 * change bumps the row's version, so a process that did not make the change recompiles on the next
 * event it sees; the process that made it forgets its entry at once.
 */
export class EventDataValidator {
  private readonly compiled = new Map<string, { version: number; validate: CompiledDataSchema }>();

  /** Problems with `data` for this type, paths starting at `data`; none when the type has no schema. */
  check(type: Pick<EventTypeRow, 'type' | 'version' | 'schema'>, data: Record<string, unknown>): FieldError[] {
    if (!type.schema) return [];
    let entry = this.compiled.get(type.type);
    if (entry?.version !== type.version) {
      entry = { version: type.version, validate: compileDataSchema(type.schema) };
      this.compiled.set(type.type, entry);
    }
    return entry.validate(data) ? [] : ajvFieldErrors(entry.validate.errors, 'data');
  }

  forget(type: string): void {
    this.compiled.delete(type);
  }

  /** For tests: how many schemas are compiled right now. */
  get size(): number {
    return this.compiled.size;
  }
}
