import { listEventOrderings, type Db } from '@hookline/db';
import type { EventOrdering } from '@hookline/domain';

/**
 * How long a process keeps the orderings it read: a change made through another API process takes effect here
 * within this bound, and accepting an event costs no extra query in the steady state.
 */
export const ORDERINGS_TTL_MS = 2_000;

/** Each event type's ordering, read whole (a handful of rows) and kept for {@link ORDERINGS_TTL_MS}. */
export class EventOrderings {
  private cached: { at: number; byType: Map<string, EventOrdering> } | null = null;
  private loading: Promise<Map<string, EventOrdering>> | null = null;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now
  ) {}

  async of(type: string): Promise<EventOrdering> {
    return (await this.byType()).get(type) ?? 'none';
  }

  /** After a change through this process: it takes effect here at once. */
  forget(): void {
    this.cached = null;
  }

  private async byType(): Promise<Map<string, EventOrdering>> {
    const cached = this.cached;
    if (cached && this.now() - cached.at < ORDERINGS_TTL_MS) return cached.byType;
    // One read for every request that finds the cache stale at the same moment.
    this.loading ??= listEventOrderings(this.db)
      .then((byType) => {
        this.cached = { at: this.now(), byType };
        return byType;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }
}
