import type { HooklineEvent } from '@hookline/domain';

/**
 * The events of the executions this worker began lately, by execution id. A handler call reads its event here rather
 * than from its activity input, so that history holds the event once per execution, not once per handler call; the
 * call almost always runs on the worker that began the execution (eager dispatch), and reads the database otherwise.
 */
export class RecentEvents {
  private readonly events = new Map<string, HooklineEvent>();

  /**
   * `capacity` events at most, each no larger than `maxBytes` as JSON: a large event is read from the database by
   * each of its calls instead, so that memory stays bounded whatever callers send (events may be up to 1 MiB).
   */
  constructor(
    private readonly capacity = 1_000,
    private readonly maxBytes = 64 * 1024
  ) {}

  remember(executionId: string, event: HooklineEvent): void {
    if (JSON.stringify(event).length > this.maxBytes) return;
    this.events.delete(executionId);
    this.events.set(executionId, event);
    // A Map iterates in insertion order: the first key is the least recently remembered.
    if (this.events.size > this.capacity) this.events.delete(this.events.keys().next().value as string);
  }

  get(executionId: string): HooklineEvent | undefined {
    return this.events.get(executionId);
  }
}
