import { type TemporalServerTls, tlsYaml } from './tls';
import { q } from './yaml-string';

/**
 * The configuration of a self-run Temporal server (go.temporal.io/server v1.29.1) on PostgreSQL: default persistence
 * and SQL visibility both in PostgreSQL (no Elasticsearch, no Cassandra). Written from the module's own
 * `config/development-postgres12.yaml`, with every port and the database given by the caller, archival off, and the
 * dynamic config Hookline relies on.
 */

export interface PostgresEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
}

/**
 * The server reads its PostgreSQL password from this variable (the config is a template), so the password is in
 * neither the file nor the command line.
 */
export const PASSWORD_VARIABLE = 'HOOKLINE_TEMPORAL_SQL_PASSWORD';

export interface TemporalServerPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
  /** Prometheus scrape endpoint of the server's own metrics. */
  metrics: number;
}

/** The module's development ports, moved along with the frontend port so that two servers can sit side by side. */
export function portsFromFrontend(frontend: number): TemporalServerPorts {
  const offset = frontend - 7233;
  return {
    frontend,
    frontendHttp: 7243 + offset,
    frontendMembership: 6933 + offset,
    history: 7234 + offset,
    historyMembership: 6934 + offset,
    matching: 7235 + offset,
    matchingMembership: 6935 + offset,
    worker: 7239 + offset,
    workerMembership: 6939 + offset,
    metrics: 8000 + offset,
  };
}

export interface TemporalServerConfigOptions {
  postgres: PostgresEndpoint;
  /** Workflow state and history. */
  database: string;
  /** Visibility: the list and count queries, on PostgreSQL. */
  visibilityDatabase: string;
  ports: TemporalServerPorts;
  /** Absolute path of the dynamic config file (see {@link dynamicConfigYaml}). */
  dynamicConfigFile: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** TLS on the frontend; plain text when absent. */
  tls?: TemporalServerTls;
}

/**
 * Fixed at a cluster's creation and never changeable afterwards. Four suits one machine (the module's development
 * value); a production cluster sizes it for its history hosts (Temporal recommends 512 or more).
 */
export const HISTORY_SHARDS = 4;

/**
 * Connections per pool. Every service of the server (frontend, history, matching, worker) has its own pools, so the
 * server may hold four times these: 48 at most, about 15 when idle, next to Hookline's own on a PostgreSQL that
 * allows 100 by default. (The module's development config has 20 and 2.)
 */
const MAX_CONNECTIONS = { main: 10, visibility: 2 };

function datastore(options: TemporalServerConfigOptions, database: string, maxConns: number): string {
  const { postgres } = options;
  return [
    '      sql:',
    '        pluginName: "postgres12"',
    `        databaseName: ${q(database)}`,
    `        connectAddr: ${q(`${postgres.host}:${postgres.port}`)}`,
    '        connectProtocol: "tcp"',
    `        user: ${q(postgres.user)}`,
    `        password: {{ env "${PASSWORD_VARIABLE}" | quote }}`,
    `        maxConns: ${maxConns}`,
    `        maxIdleConns: ${maxConns}`,
    '        maxConnLifetime: "1h"',
  ].join('\n');
}

function service(grpcPort: number, membershipPort: number, httpPort?: number): string {
  return [
    '    rpc:',
    `      grpcPort: ${grpcPort}`,
    `      membershipPort: ${membershipPort}`,
    '      bindOnLocalHost: true',
    ...(httpPort === undefined ? [] : [`      httpPort: ${httpPort}`]),
  ].join('\n');
}

export function temporalServerConfigYaml(options: TemporalServerConfigOptions): string {
  const { ports } = options;
  // The first comment turns on the server's templating, for the password (see PASSWORD_VARIABLE).
  return `# enable-template
# Written by Hookline at every start; edits are overwritten.
log:
  stdout: true
  level: ${options.logLevel ?? 'warn'}

persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: ${HISTORY_SHARDS}
  datastores:
    postgres-default:
${datastore(options, options.database, MAX_CONNECTIONS.main)}
    postgres-visibility:
${datastore(options, options.visibilityDatabase, MAX_CONNECTIONS.visibility)}

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
  metrics:
    prometheus:
      framework: "tally"
      timerType: "histogram"
      listenAddress: ${q(`127.0.0.1:${ports.metrics}`)}
${options.tls ? `${tlsYaml(options.tls)}\n` : ''}
services:
  frontend:
${service(ports.frontend, ports.frontendMembership, ports.frontendHttp)}
  matching:
${service(ports.matching, ports.matchingMembership)}
  history:
${service(ports.history, ports.historyMembership)}
  worker:
${service(ports.worker, ports.workerMembership)}

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: ${q(`127.0.0.1:${ports.frontend}`)}

dcRedirectionPolicy:
  policy: "noop"

archival:
  history:
    state: "disabled"
  visibility:
    state: "disabled"

namespaceDefaults:
  archival:
    history:
      state: "disabled"
    visibility:
      state: "disabled"

dynamicConfigClient:
  filepath: ${q(options.dynamicConfigFile)}
  pollInterval: "10s"
`;
}

/**
 * What Hookline needs from a self-hosted cluster's dynamic config; the same settings belong in a production cluster's
 * file (README, "Running in production").
 *
 * - Eager activity dispatch: a handler call scheduled by a workflow task goes straight back to the worker that
 *   completed the task instead of through matching (measured with the dev server: about 1.5x the events per second).
 * - Hookline registers no custom search attributes: lists and counts use the built-in ones (WorkflowType,
 *   ExecutionStatus, WorkflowId), which SQL visibility has out of the box.
 */
export function dynamicConfigYaml(): string {
  return `# Written by Hookline at every start; edits are overwritten.
system.enableActivityEagerExecution:
  - value: true
    constraints: {}
`;
}
