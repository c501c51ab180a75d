export * from './database';
export * from './schema';
export * from './queries';
export * from './database-error';
export { sqlstateCondition } from './sqlstate';
export * from './handler-view';
