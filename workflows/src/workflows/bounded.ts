/**
 * Runs `work` for the items in order, at most `limit` at a time, and answers how many it started.
 * It starts no more once `stop()` holds (checked before each item but the first) or once one
 * has failed; either way it lets what is in flight settle first, then throws the first failure.
 * Deterministic: promises settle in the order the workflow's history dictates.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
  stop: () => boolean = () => false
): Promise<number> {
  const inFlight = new Set<Promise<void>>();
  const state: { failure: { error: unknown } | null } = { failure: null };
  let started = 0;
  for (const item of items) {
    while (inFlight.size >= limit) await Promise.race(inFlight);
    if (state.failure || (started > 0 && stop())) break;
    const running: Promise<void> = work(item, started)
      .catch((error: unknown) => {
        state.failure ??= { error };
      })
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
    started++;
  }
  await Promise.all(inFlight);
  if (state.failure) throw state.failure.error;
  return started;
}
