// Activity types only: what the workflows call. The implementations live in the worker, on top of @hookline/services.
export type * from './types';
export type * from './replay-types';
