// The bare-Temporal baseline: one workflow that runs two no-op activities one after another, as `processEvent` runs
// two handlers. Bundled on its own (bundleWorkflowCode) and served on a task queue of its own by the same worker process.
import { proxyActivities } from '@temporalio/workflow';
import type { BareActivities } from './activities';

const { noopA, noopB } = proxyActivities<BareActivities>({ startToCloseTimeout: '30 seconds' });

export async function bareEvent(id: string): Promise<string> {
  await noopA(id);
  await noopB(id);
  return id;
}
