// Starting and steering Hookline's workflows through a Temporal Client: no database, no delivery.
export * from './connect';
export * from './emit-event';
export * from './handler-cache';
export * from './ensure-schedule';
export * from './replay';
export * from './retention';
export * from './ordering';
export * from './operational-events';
export * from './handler-health';
