import { proxyActivities } from '@temporalio/workflow';
import type { HooklineActivities } from '../activities';
import type { PreparedReplay } from '../activities/replay-types';
import type { BulkReplayOptions } from '@hookline/domain';
import { bookkeeping } from './activity-options';

const { prepareReplays } = proxyActivities<HooklineActivities>(bookkeeping);

/**
 * Plans the replays of one page as the replays reach them, a chunk at a time: one activity per
 * chunk rather than per replay (each completion costs the serial bulk-replay workflow a task),
 * and chunks small enough in bytes that large events do not pile up in history before they run.
 */
export class ReplayPlanner {
  private readonly plans: PreparedReplay[] = [];
  private fetching: Promise<void> | null = null;

  constructor(
    private readonly executionIds: readonly string[],
    private readonly request: Pick<BulkReplayOptions, 'mode' | 'handlers'>
  ) {}

  /** The plan for the execution at `index`; callers ask in order, as forEachBounded does. */
  async planFor(index: number): Promise<PreparedReplay> {
    if (index >= this.executionIds.length) throw new RangeError(`no execution at index ${index} of the page`);
    while (this.plans.length <= index) {
      this.fetching ??= this.fetchChunk().finally(() => {
        this.fetching = null;
      });
      await this.fetching;
    }
    return this.plans[index]!;
  }

  private async fetchChunk(): Promise<void> {
    const { prepared } = await prepareReplays({
      executionIds: this.executionIds.slice(this.plans.length),
      mode: this.request.mode,
      handlers: this.request.handlers,
    });
    this.plans.push(...prepared);
  }
}
