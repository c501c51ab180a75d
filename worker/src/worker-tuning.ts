import type { Config } from '@hookline/services/config';
import type { WorkerOptions } from '@temporalio/worker';

export type WorkerTuning = Required<
  Pick<
    WorkerOptions,
    | 'maxConcurrentActivityTaskExecutions'
    | 'maxConcurrentLocalActivityExecutions'
    | 'maxConcurrentWorkflowTaskExecutions'
    | 'maxCachedWorkflows'
  >
>;

/**
 * How much one worker runs at once, from the configuration (whose defaults say why they fit a 2-core machine). One
 * function, so that every worker built from the same configuration is sized alike.
 */
export function workerTuning(
  config: Pick<
    Config,
    'workerMaxActivities' | 'workerMaxLocalActivities' | 'workerMaxWorkflowTasks' | 'maxCachedWorkflows'
  >
): WorkerTuning {
  return {
    maxConcurrentActivityTaskExecutions: config.workerMaxActivities,
    maxConcurrentLocalActivityExecutions: config.workerMaxLocalActivities,
    maxConcurrentWorkflowTaskExecutions: config.workerMaxWorkflowTasks,
    // Bounded so memory stays flat however many events are in flight.
    maxCachedWorkflows: config.maxCachedWorkflows,
  };
}
