import { Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { closedChannelGuard } from './closed-channel-guard';

describe('closedChannelGuard', () => {
  it('ends a retry that outlives its connection as cancelled, instead of throwing from a timer', async () => {
    // Port 1 refuses at once: the first attempt fails UNAVAILABLE and the SDK schedules a retry 200 ms later.
    const connection = Connection.lazy({
      address: '127.0.0.1:1',
      interceptors: [
        makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ initialIntervalMs: () => 200, maxJitter: 0 })),
        closedChannelGuard,
      ],
    });
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const outcome = connection.workflowService.getSystemInfo({}).then(
        () => 'answered',
        (err: unknown) => err as { code?: number }
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      await connection.close();
      const settled = await Promise.race([outcome, new Promise((resolve) => setTimeout(resolve, 3_000, 'pending'))]);
      expect(settled).toMatchObject({ code: 1 }); // CANCELLED
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
