import { sleep } from '@temporalio/workflow';
import type { BulkReplayCounts } from '../activities/replay-types';

/** Often enough for a progress bar; rarely enough to cost the workflow little history. */
export const PROGRESS_INTERVAL = '1 second';

/**
 * Writes a bulk replay's counts while they change, at most once per interval: each write is an
 * activity, and each activity costs the bulk replay's (serial) workflow a task. The final counts
 * are not this reporter's job: finishing the bulk replay writes them.
 */
export class ProgressReporter {
  private recorded: string;
  private writing = false;

  constructor(
    private readonly counts: BulkReplayCounts,
    private readonly write: (counts: BulkReplayCounts) => Promise<void>
  ) {
    this.recorded = JSON.stringify(counts);
  }

  /** Call after changing the counts. */
  changed(): void {
    if (this.writing) return;
    this.writing = true;
    void this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (JSON.stringify(this.counts) !== this.recorded) {
        const snapshot = { ...this.counts };
        await this.write(snapshot);
        this.recorded = JSON.stringify(snapshot);
        await sleep(PROGRESS_INTERVAL);
      }
    } catch {
      // Cancelled with the bulk replay, which records its final counts itself.
    } finally {
      // No await between the loop's last check and this: a change cannot slip in unnoticed.
      this.writing = false;
    }
  }
}
