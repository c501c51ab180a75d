import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const WORKFLOW_BUNDLE_PATH = join(__dirname, '..', 'dist', 'workflow-bundle.js');

/** The pre-built bundle when there is one (always, after `pnpm build`); else bundle from source. */
export function workflowSource(): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  if (existsSync(WORKFLOW_BUNDLE_PATH)) return { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } };
  return { workflowsPath: require.resolve('@hookline/workflows/workflows') };
}
