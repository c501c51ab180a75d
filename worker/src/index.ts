export { ListeningHandlerCache } from './listening-handler-cache';
export { startWorker, type RunningWorker, type StartWorkerOptions } from './start-worker';
export { workerHealth, type WorkerHealth, type WorkerHealthStatus } from './health-server';
export { workerTuning, type WorkerTuning } from './worker-tuning';
export { WORKFLOW_BUNDLE_PATH } from './workflow-source';
