import { Connection, type TLSConfig } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';

export interface EnsureNamespaceOptions {
  address: string;
  /** TLS towards the frontend; plain text when absent. */
  tls?: TLSConfig;
  namespace: string;
  retentionDays: number;
  deadline: number;
}

// gRPC status codes the frontend answers with.
const ALREADY_EXISTS = 6;

/**
 * Registers the namespace unless it exists (the dev server did this on its own; a real server starts with none but
 * its system namespace), then waits until the frontend serves requests in it: a new namespace reaches the services'
 * caches within a few seconds, and until then every call fails with "namespace not found".
 */
export async function ensureNamespace(options: EnsureNamespaceOptions): Promise<void> {
  const connection = await retryUntil(options.deadline, 'connect to the Temporal frontend', () =>
    Connection.connect({
      address: options.address,
      connectTimeout: 5_000,
      ...(options.tls ? { tls: options.tls } : {}),
    })
  );
  try {
    await retryUntil(options.deadline, `register namespace ${options.namespace}`, async () => {
      try {
        await connection.workflowService.registerNamespace({
          namespace: options.namespace,
          workflowExecutionRetentionPeriod: msToTs(`${options.retentionDays} days`),
        });
      } catch (err) {
        if ((err as { code?: unknown }).code !== ALREADY_EXISTS) throw err;
      }
    });
    await retryUntil(options.deadline, `serve namespace ${options.namespace}`, () =>
      connection.workflowService.listWorkflowExecutions({ namespace: options.namespace, pageSize: 1 })
    );
  } finally {
    await connection.close();
  }
}

/** The server answers "not enough hosts" and the like while its services join the ring: try again until the deadline. */
async function retryUntil<T>(deadline: number, what: string, attempt: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`could not ${what}: ${(err as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
