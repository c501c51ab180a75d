import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { ORDERING_MESSAGES } from '../workflows/ordering-messages';

/**
 * Tells a waiting event of an ordered key that its turn has come. An event that has not started yet, or has ended,
 * needs no telling: it finds its turn itself when it starts, so such a signal's failure is not an error.
 */
export async function wakeOrderedEvent(client: Client, workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).signal(ORDERING_MESSAGES.turn);
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/** Whether a workflow is still running: false when it ended or never existed. */
export async function isWorkflowOpen(client: Client, workflowId: string): Promise<boolean> {
  try {
    const { status } = await client.workflow.getHandle(workflowId).describe();
    return status.name === 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
