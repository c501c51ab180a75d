import { z } from 'zod';
import { HealthStatus } from './operations';

/**
 * `GET /api/health` with the Temporal Web UI's address, for an API configured with one: clients
 * such as the editor then link an execution to its workflow's history. Both fields are optional
 * because a deployment need not expose (or have) a Temporal UI; the link is simply not offered.
 * The address is not checked here: whoever renders it as a link decides which schemes it trusts.
 */
export const HealthInfo = HealthStatus.extend({
  temporalUiUrl: z.string().optional(),
  /** The namespace the workflows run in; `default` when absent. */
  temporalNamespace: z.string().optional(),
});
export type HealthInfo = z.infer<typeof HealthInfo>;
