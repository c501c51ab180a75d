import { type Client, type ScheduleOptions, ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';

type Spec = ScheduleOptions['spec'];
type Action = ScheduleOptions['action'];

/**
 * Creates a schedule, or brings an existing one in line with the configuration: every worker
 * runs this at start, so the last one started decides (they share one configuration).
 */
export async function ensureSchedule(client: Client, scheduleId: string, spec: Spec, action: Action): Promise<void> {
  const handle = client.schedule.getHandle(scheduleId);
  try {
    await handle.update((previous) => ({ ...previous, spec, action }));
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
    await client.schedule
      .create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP } })
      .catch(async (createErr: unknown) => {
        // Another process created it between our update and create: update that one instead.
        if ((createErr as Error).name !== 'ScheduleAlreadyRunning') throw createErr;
        await handle.update((previous) => ({ ...previous, spec, action }));
      });
  }
}
