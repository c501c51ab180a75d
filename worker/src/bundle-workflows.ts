import { writeFileSync } from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_PATH } from './workflow-source';

/**
 * Libraries that must never reach the sandbox: the bundle is evaluated in every new workflow context, and building
 * the domain's zod schemas there tripled the worker's CPU per event. Workflow code imports values only from the
 * domain's dependency-free modules (lint enforces it); this catches whatever slips past, at build time.
 */
const FORBIDDEN_IN_BUNDLE = [
  { library: 'zod', marker: 'ZodError' },
  { library: 're2js', marker: 'RE2JS' },
];

// Run at build time: production workers load this file instead of bundling at every start.
async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('@hookline/workflows/workflows'),
    logger: { info() {}, warn: console.warn, error: console.error, debug() {}, trace() {}, log() {} },
  });
  const found = FORBIDDEN_IN_BUNDLE.filter(({ marker }) => code.includes(marker)).map(({ library }) => library);
  if (found.length > 0) {
    throw new Error(`the workflow bundle includes ${found.join(', ')}: import types only from @hookline/domain`);
  }
  writeFileSync(WORKFLOW_BUNDLE_PATH, code);
  console.log(`workflow bundle written to ${WORKFLOW_BUNDLE_PATH} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
