export * from './access';
export * from './catalog';
export * from './executions';
export * from './handlers';
export * from './snapshots';
export * from './replays';
