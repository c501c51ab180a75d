/** A change of a handler's health made by Hookline itself (auto-disable, failing mark, recovery). */
export interface HandlerHealthChange {
  kind: 'disabled' | 'failing' | 'recovered';
  handlerId: number;
  handlerName: string;
  event: string;
  reason: string;
  at: string;
}
export type HandlerHealthListener = (change: HandlerHealthChange) => Promise<void>;
