export * from './connect';
export * from './emit-event';
export * from './handler-cache';
