import type { Database } from '@hookline/db';
import type { Config } from '@hookline/workflows/config';
import type { EmitResult } from '@hookline/workflows/client';
import type { EventInput } from '@hookline/workflows/domain';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';

/**
 * The Temporal operations the API needs, already bound to the process's one Client and task queue
 * (see temporal/hookline.ts). An interface of its own so that unit tests inject fakes.
 */
export interface HooklineTemporal {
  /** Starts `processEvent`; a repeated event id answers the first execution with `duplicate: true`. */
  emitEvent(input: EventInput): Promise<EmitResult>;
  /** Triggers the handler-cache schedule and waits for that run. */
  publishCache(): Promise<{ version: number; changed: boolean }>;
  nextRefreshAt(): Promise<string | null>;
}

export interface ApiDeps {
  config: Config;
  database: Database;
  /** Used directly only by the health check; everything else goes through `hookline`. */
  temporal: Client;
  hookline: HooklineTemporal;
  log: Logger;
  /** Built editor to serve at `/`; defaults to the repository's editor/dist, null turns it off. */
  editorDir?: string | null;
}
