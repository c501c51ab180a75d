/**
 * The names of the sequencer's messages, in a module without imports, so that client code (which starts and feeds
 * sequencers) and workflow code (which defines their handlers) share them without loading each other's SDK.
 */
export const ORDERING_MESSAGES = {
  enqueue: 'enqueue',
  release: 'release',
  turn: 'turn',
  knows: 'knows',
} as const;

/** The sequencer's workflow type. */
export const SEQUENCE_EVENTS_WORKFLOW = 'sequenceEvents';
