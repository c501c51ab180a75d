import type { HooklineEvent } from '@hookline/domain';

/**
 * The events of the executions this worker began lately, by execution id. A handler call reads its event here rather
 * than from its activity input, so that history holds the event once per execution, not once per handler call; the
 * call almost always runs on the worker that began the execution (eager dispatch), and reads the database otherwise.
 */
export class RecentEvents {
  private readonly events = new Map<string, HooklineEvent>();

  constructor(private readonly capacity = 2_000) {}

  remember(executionId: string, event: HooklineEvent): void {
    this.events.delete(executionId);
    this.events.set(executionId, event);
    // A Map iterates in insertion order: the first key is the least recently remembered.
    if (this.events.size > this.capacity) this.events.delete(this.events.keys().next().value as string);
  }

  get(executionId: string): HooklineEvent | undefined {
    return this.events.get(executionId);
  }
}
