export * from './connect';
export * from './emit-event';
export * from './handler-cache';
export * from './bulk-replay';
export * from './ensure-schedule';
export * from './replay';
export * from './retention';
