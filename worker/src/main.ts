import { createDb } from '@hookline/db';
import {
  exitOnStartupFailure,
  loadConfig,
  stopWithinBound,
  surviveLostDatabaseConnections,
} from '@hookline/services/config';
import { createLogger } from '@hookline/services/logging';
import { startWorker } from './start-worker';

const log = createLogger({ name: 'hookline-worker' });

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  surviveLostDatabaseConnections(log);
  log.level = config.logLevel;
  const database = await createDb({ ...config, applicationName: `hookline-worker/${process.pid}` });
  try {
    await database.migrate();
    const worker = await startWorker({ config, database, log });
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    // The health endpoint says 503 'draining' from this moment, before the drain below has finished.
    worker.markDraining();
    log.info('draining');
    await stopWithinBound(() => worker.stop(), log);
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => exitOnStartupFailure(err, log));
