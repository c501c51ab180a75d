#!/usr/bin/env node
import { createDb, type Database } from '@hookline/db';
import {
  exitOnStartupFailure,
  loadConfig,
  stopWithinBound,
  surviveLostDatabaseConnections,
} from '@hookline/services/config';
import { createLogger } from '@hookline/services/logging';
import { startApi } from './server';

// Until the configuration is read, log at info; the configured level applies from then on.
let log = createLogger({ name: 'hookline-api' });

/** The standalone `hookline-api` process: configuration, database, migrations, then the server. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  surviveLostDatabaseConnections(log);
  log = createLogger({ name: 'hookline-api', level: config.logLevel });
  let database: Database | null = null;
  try {
    database = await createDb({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      applicationName: `hookline-api/${process.pid}`,
    });
    await database.migrate();
    const api = await startApi({ config, database, log });
    if (api.adminKey) {
      // Shown once and never stored in clear: this is the operator's only chance to copy it.
      process.stdout.write(
        `\nNo admin API key existed, so one was generated. Copy it now; it will not be shown again:\n\n  ${api.adminKey}\n\n`
      );
    }
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    log.info('stopping');
    await stopWithinBound(() => api.stop(), log);
  } finally {
    await database?.close();
  }
}

main().catch((err: unknown) => exitOnStartupFailure(err, log));
