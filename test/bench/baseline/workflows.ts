// The bare-Temporal baselines. `bareEvent` runs two no-op activities one after another, as `processEvent` runs two
// handlers; `bareEventWithRecords` adds a no-op local activity before and after them, as `processEvent` records its
// start (with the plan) and its outcome — the same steps with none of Hookline's work in them; `bareEventAllLocal`
// runs all four as local activities, the floor of one workflow task per event; `bareDelivery` makes
// Hookline's POSTs from plain activities, for the latency scenario. Bundled on their own
// (bundleWorkflowCode) and served on a task queue of their own by the same worker process.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { BareActivities } from './activities';

const { noopA, noopB, post } = proxyActivities<BareActivities>({ startToCloseTimeout: '30 seconds' });
const local = proxyLocalActivities<BareActivities>({ startToCloseTimeout: '30 seconds' });

export async function bareEvent(id: string): Promise<string> {
  await noopA(id);
  await noopB(id);
  return id;
}

export async function bareEventWithRecords(id: string): Promise<string> {
  await local.noopA(id);
  await noopA(id);
  await noopB(id);
  await local.noopB(id);
  return id;
}

/**
 * What an event would cost the engine if its handler calls ran as local activities too: the same four steps as
 * `bareEventWithRecords`, all in the worker that holds the workflow task, so that an event is one workflow task.
 */
export async function bareEventAllLocal(id: string): Promise<string> {
  await local.noopA(id);
  await local.noopA(id);
  await local.noopB(id);
  await local.noopB(id);
  return id;
}

/** The latency baseline: the same POSTs Hookline makes per event, as two plain activities. */
export async function bareDelivery(id: string, urls: string[]): Promise<string> {
  for (const url of urls) await post(url, id);
  return id;
}
