export * from './executions';
export * from './snapshots';
