export * from './condition';
export * from './delivery';
export * from './event';
export * from './event-catalog';
export * from './execution';
export * from './failures';
export * from './handler';
export * from './snapshot';
