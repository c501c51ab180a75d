import type { EngineChoice } from './engines';

export interface Options {
  smoke: boolean;
  /** The Temporal the throughput scenario runs on (the other scenarios always run on the dev server). */
  engine: EngineChoice;
  /** Seconds each throughput run lasts. */
  duration: number;
  /** Seconds at the start of a throughput run left out of the rate. */
  warmup: number;
  /** Open-loop rate for the throughput scenario (events/s). */
  rate: number;
  /** Unfinished events allowed at once at saturation. */
  window: number;
  /** Latency scenario: rate and seconds. */
  latencyRate: number;
  latencyDuration: number;
  publishTries: number;
  logRows: number;
  logRequests: number;
  logClients: number;
  /** Memory scenario length. */
  minutes: number;
  /** Seconds a run may take to drain after sending stops. */
  drainTimeout: number;
  /** Editor scenario: handlers over the 18 lanes, page loads per page, loads with a drag, selects per load. */
  editorHandlers: number;
  editorLoads: number;
  editorDrags: number;
  editorSelects: number;
  /** Seconds one drag lasts. */
  editorDragSeconds: number;
}

export interface Ledger {
  balanced: boolean;
  lines: string[];
}

export interface Goal {
  goal: string;
  value: string;
  met: boolean;
}

export interface ScenarioResult {
  scenario: string;
  title: string;
  rows: Record<string, unknown>[];
  ledger: Ledger;
  goals: Goal[];
  notes: string[];
  data?: unknown;
}
