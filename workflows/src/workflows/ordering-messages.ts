/**
 * The names of the messages of per-object ordering, in a module without imports, so that client code (which wakes
 * waiting events) and workflow code (which defines their handlers) share them without loading each other's SDK.
 */
export const ORDERING_MESSAGES = {
  turn: 'turn',
} as const;
