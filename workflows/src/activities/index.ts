export * from './create-activities';
export * from './snapshot-compile';
export * from './snapshot-store';
export * from './types';
export * from './delivery';
