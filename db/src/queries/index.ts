export * from './api-keys';
export * from './audit';
export * from './catalog';
export * from './execution-search';
export * from './executions';
export * from './handlers';
export * from './snapshots';
