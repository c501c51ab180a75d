import type { Database } from '@hookline/db';
import type { Deliverer, HooklineMetrics } from '@hookline/services';
import type { Config } from '@hookline/services/config';
import type { EmitResult } from '@hookline/workflows/client';
import type { EventInput } from '@hookline/domain';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';

/**
 * The Temporal operations the API needs, already bound to the process's one Client and task queue
 * (see temporal/hookline.ts). An interface of its own so that unit tests inject fakes.
 */
export interface HooklineTemporal {
  /**
   * Starts `processEvent`; a repeated event id answers the first execution with `duplicate: true`. With `ordering`,
   * the event joins that key's sequence.
   */
  emitEvent(input: EventInput, ordering?: { key: string }): Promise<EmitResult>;
  /** Publishes now: runs the handler-cache refresh and answers the version that is active. */
  publishHandlerCache(): Promise<{ version: number; changed: boolean }>;
  nextRefreshAt(): Promise<string | null>;
  /** Temporal's approximate backlog of the task queue (workflow and activity tasks); null if unknown. */
  queueBacklog(): Promise<number | null>;
}

export interface ApiDeps {
  config: Config;
  database: Database;
  /** Used directly only by the health check; everything else goes through `hookline`. */
  temporal: Client;
  hookline: HooklineTemporal;
  /** The same delivery code as the worker's, for test sends (`POST /api/handlers/:id/test`). */
  deliverer: Deliverer;
  /** Served at /metrics; shared with a worker running in the same process. */
  metrics: HooklineMetrics;
  log: Logger;
  /** Built editor to serve at `/`; defaults to the repository's editor/dist, null turns it off. */
  editorDir?: string | null;
}
