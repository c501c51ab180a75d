export {
  HISTORY_SHARDS,
  type PostgresEndpoint,
  type TemporalServerPorts,
  dynamicConfigYaml,
  portsFromFrontend,
  temporalServerConfigYaml,
} from './config-file';
export { ensureNamespace } from './namespace';
export { TEMPORAL_SCHEMAS, setUpTemporalSchemas } from './schema';
export { type TemporalServer, type TemporalServerOptions, startTemporalServer } from './server-process';
export { postgresEndpoint } from './postgres-endpoint';
export { type TemporalServerTls, frontendClientTls } from './tls';
