import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Where the gauges read their values at scrape time; each may be missing or answer null (unknown). */
export interface MetricSources {
  /** Creation time of the newest handler snapshot. */
  snapshotCreatedAt?: () => Promise<Date | null>;
  /** Approximate number of tasks waiting on the task queue. */
  queueBacklog?: () => Promise<number | null>;
}

/**
 * Hookline's Prometheus metrics. The worker's activities count executions, calls and retries; the
 * API counts accepted events and serves the registry at `/metrics`. Under `npm start` both run in
 * one process and share {@link sharedMetrics}, so one scrape sees everything.
 */
export class HooklineMetrics {
  readonly registry = new Registry();
  readonly eventsAccepted: Counter<'duplicate'>;
  readonly executions: Counter<'outcome'>;
  readonly handlerCallDuration: Histogram<'outcome'>;
  readonly retries: Counter;
  private sources: MetricSources = {};

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.eventsAccepted = new Counter({
      name: 'hookline_events_accepted_total',
      help: 'Events accepted by POST /api/events (duplicate="true": a repeated event id, nothing started).',
      labelNames: ['duplicate'],
      registers,
    });
    this.executions = new Counter({
      name: 'hookline_executions_total',
      help: 'Executions finished, by outcome.',
      labelNames: ['outcome'],
      registers,
    });
    this.handlerCallDuration = new Histogram({
      name: 'hookline_handler_call_duration_seconds',
      help: 'Duration of one handler call attempt, by outcome (succeeded, retryable, rejected).',
      labelNames: ['outcome'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.retries = new Counter({
      name: 'hookline_handler_retries_total',
      help: 'Handler call attempts after the first (attempt > 1).',
      registers,
    });
    const sources = () => this.sources;
    new Gauge({
      name: 'hookline_snapshot_age_seconds',
      help: 'Age of the newest handler snapshot.',
      registers,
      async collect() {
        const at = await settle(sources().snapshotCreatedAt);
        this.set(at === null ? NaN : Math.max(0, (Date.now() - at.getTime()) / 1000));
      },
    });
    new Gauge({
      name: 'hookline_task_queue_backlog',
      help: "Approximate backlog of the Hookline task queue (Temporal's estimate).",
      registers,
      async collect() {
        const backlog = await settle(sources().queueBacklog);
        this.set(backlog ?? NaN);
      },
    });
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Sources are set by whoever can answer (the API: the database and Temporal). */
  setSources(sources: MetricSources): void {
    this.sources = { ...this.sources, ...sources };
  }
}

/**
 * A source that fails or is missing reports NaN (Prometheus's "no value") rather than failing the
 * scrape or pretending to a zero.
 */
async function settle<T>(source: (() => Promise<T | null>) | undefined): Promise<T | null> {
  if (!source) return null;
  try {
    return await source();
  } catch {
    return null;
  }
}

let shared: HooklineMetrics | null = null;

/** The process-wide metrics, so the API and a worker in the same process count into one registry. */
export function sharedMetrics(): HooklineMetrics {
  shared ??= new HooklineMetrics({ defaultMetrics: true });
  return shared;
}
