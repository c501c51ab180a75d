import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { PostgresEndpoint } from './config-file';

const run = promisify(execFile);

/** The two schemas a Temporal server on PostgreSQL needs, as the SQL tool names them (schema/postgresql/v12/...). */
export const TEMPORAL_SCHEMAS = {
  main: 'postgresql/v12/temporal',
  visibility: 'postgresql/v12/visibility',
} as const;

export interface SchemaSetupOptions {
  /** The `sql` binary built from go.temporal.io/server/cmd/tools/sql. */
  sqlTool: string;
  postgres: PostgresEndpoint;
  database: string;
  visibilityDatabase: string;
  /** Progress lines, e.g. to the terminal. */
  say?: (line: string) => void;
}

/**
 * Creates both databases if missing and brings their schemas to the newest version this server knows. Safe to run at
 * every start: `setup-schema -v 0.0` leaves a versioned schema alone, and `update-schema` applies only the versions a
 * database lacks. The schema files are the module's own `schema/postgresql/v12/{temporal,visibility}` folders, which
 * the tool carries inside its binary, so they always match the server built from the same module version.
 */
export async function setUpTemporalSchemas(options: SchemaSetupOptions): Promise<void> {
  for (const [database, schema] of [
    [options.database, TEMPORAL_SCHEMAS.main],
    [options.visibilityDatabase, TEMPORAL_SCHEMAS.visibility],
  ] as const) {
    options.say?.(`Temporal schema ${schema} in database ${database}`);
    await createDatabaseIfMissing(options, database);
    await sqlTool(options, database, ['setup-schema', '-v', '0.0']);
    await sqlTool(options, database, ['update-schema', '--schema-name', schema]);
  }
}

async function createDatabaseIfMissing(options: SchemaSetupOptions, database: string): Promise<void> {
  try {
    await sqlTool(options, database, ['create-database']);
  } catch (err) {
    if (!/already exists/i.test((err as Error).message)) throw err;
  }
}

async function sqlTool(options: SchemaSetupOptions, database: string, command: string[]): Promise<void> {
  const { postgres } = options;
  const args = [
    '--plugin',
    'postgres12',
    '--endpoint',
    postgres.host,
    '--port',
    String(postgres.port),
    '--user',
    postgres.user,
    '--db',
    database,
    ...command,
  ];
  try {
    // The password goes by environment, not argv, where any user of the machine could read it.
    await run(options.sqlTool, args, {
      env: { ...process.env, SQL_PASSWORD: postgres.password },
      timeout: 120_000,
      maxBuffer: 16 << 20,
    });
  } catch (err) {
    const { stderr, stdout } = err as { stderr?: string; stdout?: string };
    const output = `${stderr ?? ''}${stdout ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`temporal sql tool \`${command.join(' ')}\` on database ${database} failed:\n${output}`);
  }
}
