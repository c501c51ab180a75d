/**
 * What `processEvent` itself decides, against a real Temporal dev server but with in-memory activities: no database,
 * no HTTP. The workflow is deliberately thin — the `beginExecution` activity records the execution and selects the
 * handlers — so these tests pin down what is left to it: run the plan in order, one at a time, apply `onFailure`, and
 * report counts. The integration suite (test/integration) covers the same rules end to end.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type ExecutionCounts, type HooklineEvent, type PlannedHandler } from '@hookline/domain';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  AttemptRecord,
  BeganExecution,
  BeginExecutionInput,
  CallHandlerInput,
  CallHandlerResult,
  HooklineActivities,
  LocalCallResult,
  RecordFinishInput,
  RecordSkippedInput,
} from '../activities';
// Types only: importing the workflow module itself would run workflow code outside Temporal's sandbox.
import type { ProcessEventInput, ProcessEventResult, processEvent } from './process-event';

/** What a test decides about one event: the plan `beginExecution` answers, and how each handler's calls go. */
interface Scenario {
  began: BeganExecution;
  /** Per handler id, the outcome of each successive call; once the list runs out, calls succeed. */
  outcomes?: Record<number, ('ok' | 'retryable' | 'rejected')[]>;
  /** Handlers whose local first call answers `not called` (it could not be claimed). */
  notClaimed?: number[];
}

/** Every activity call made for one event, in the order the workflow made them. */
interface Journal {
  begin: BeginExecutionInput[];
  calls: CallHandlerInput[];
  /** Calls made as local activities (`callHandlerLocally`). */
  localCalls: CallHandlerInput[];
  /** Rows the workflow wrote itself (the fake activity hands back none, so this stays empty). */
  recorded: AttemptRecord[];
  skipped: RecordSkippedInput[];
  finished: RecordFinishInput[];
  /** The most handler calls that were ever in flight at once for this event. */
  peakInFlight: number;
}

/**
 * In-memory activities. One worker serves the whole file, so scenarios and journals are keyed by event id (the
 * execution id is mapped back to it when `beginExecution` runs): tests stay independent without a worker each.
 */
class FakeActivities implements HooklineActivities {
  private readonly scenarios = new Map<string, Scenario>();
  private readonly journals = new Map<string, Journal>();
  private readonly eventOfExecution = new Map<string, string>();
  private readonly inFlight = new Map<string, number>();

  /**
   * The worker registers an object's own properties as activities, and class methods live on the prototype: hand it
   * a plain object of bound functions.
   */
  asActivities(): HooklineActivities {
    return {
      beginExecution: (input) => this.beginExecution(input),
      callHandler: (input) => this.callHandler(input),
      callHandlerLocally: (input) => this.callHandlerLocally(input),
      recordAttempt: (input) => this.recordAttempt(input),
      recordUnstorableExecution: this.recordUnstorableExecution,
      recordSkipped: (input) => this.recordSkipped(input),
      recordExecutionFinished: (input) => this.recordExecutionFinished(input),
      refreshSnapshot: this.refreshSnapshot,
      beginBulkReplay: this.beginBulkReplay,
      bulkReplayPage: this.bulkReplayPage,
      prepareReplays: this.prepareReplays,
      recordBulkReplayProgress: this.recordBulkReplayProgress,
      finishBulkReplay: this.finishBulkReplay,
      announceBulkReplayFinished: this.announceBulkReplayFinished,
      purgeExecutionsBatch: this.purgeExecutionsBatch,
      maintainLogPartitions: this.maintainLogPartitions,
      takeTurn: this.takeTurn,
      releaseTurn: this.releaseTurn,
      checkHandlerHealth: this.checkHandlerHealth,
    };
  }

  expect(eventId: string, scenario: Scenario): Journal {
    const journal: Journal = {
      begin: [],
      calls: [],
      localCalls: [],
      recorded: [],
      skipped: [],
      finished: [],
      peakInFlight: 0,
    };
    this.scenarios.set(eventId, scenario);
    this.journals.set(eventId, journal);
    return journal;
  }

  async beginExecution(input: BeginExecutionInput): Promise<BeganExecution> {
    const scenario = this.scenarioOf(input.event.id);
    this.journalOf(input.event.id).begin.push(input);
    this.eventOfExecution.set(input.executionId, input.event.id);
    return scenario.began;
  }

  async callHandler(input: CallHandlerInput): Promise<CallHandlerResult> {
    this.journalOf(this.eventOf(input.executionId)).calls.push(input);
    return this.answer(input);
  }

  async callHandlerLocally(input: CallHandlerInput): Promise<LocalCallResult> {
    const eventId = this.eventOf(input.executionId);
    this.journalOf(eventId).localCalls.push(input);
    if (this.scenarioOf(eventId).notClaimed?.includes(input.handlerId)) return { outcome: 'not called' };
    return this.answer(input);
  }

  /** How a call goes, by the scenario, however it was made. */
  private async answer(input: CallHandlerInput): Promise<CallHandlerResult> {
    const eventId = this.eventOf(input.executionId);
    const journal = this.journalOf(eventId);
    const inFlight = (this.inFlight.get(eventId) ?? 0) + 1;
    this.inFlight.set(eventId, inFlight);
    journal.peakInFlight = Math.max(journal.peakInFlight, inFlight);
    try {
      // Long enough that a second call started in parallel would overlap this one and show in peakInFlight.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const outcome = this.scenarioOf(eventId).outcomes?.[input.handlerId]?.[input.attempt - 1] ?? 'ok';
      // A failed call is a result, as the real activity answers it: the workflow decides on a retry.
      if (outcome === 'ok') return result('succeeded', 200, null);
      if (outcome === 'retryable') return result('retryable', 503, `handler ${input.handlerId}: 503`);
      return result('rejected', 400, `handler ${input.handlerId}: 400`);
    } finally {
      this.inFlight.set(eventId, inFlight - 1);
    }
  }

  async recordAttempt(input: AttemptRecord): Promise<void> {
    this.journalOf(this.eventOf(input.executionId)).recorded.push(input);
  }

  async recordSkipped(input: RecordSkippedInput): Promise<void> {
    this.journalOf(this.eventOf(input.executionId)).skipped.push(input);
  }

  async recordExecutionFinished(input: RecordFinishInput): Promise<void> {
    this.journalOf(this.eventOf(input.executionId)).finished.push(input);
  }

  // processEvent calls none of the others: failing loudly shows at once if it ever starts to.
  recordUnstorableExecution = notUsed('recordUnstorableExecution');
  refreshSnapshot = notUsed('refreshSnapshot');
  beginBulkReplay = notUsed('beginBulkReplay');
  bulkReplayPage = notUsed('bulkReplayPage');
  prepareReplays = notUsed('prepareReplays');
  recordBulkReplayProgress = notUsed('recordBulkReplayProgress');
  finishBulkReplay = notUsed('finishBulkReplay');
  announceBulkReplayFinished = notUsed('announceBulkReplayFinished');
  purgeExecutionsBatch = notUsed('purgeExecutionsBatch');
  maintainLogPartitions = notUsed('maintainLogPartitions');
  takeTurn = notUsed('takeTurn');
  releaseTurn = notUsed('releaseTurn');
  checkHandlerHealth = notUsed('checkHandlerHealth');

  private scenarioOf(eventId: string): Scenario {
    const scenario = this.scenarios.get(eventId);
    if (!scenario) throw new Error(`no scenario for event ${eventId}`);
    return scenario;
  }

  private journalOf(eventId: string): Journal {
    const journal = this.journals.get(eventId);
    if (!journal) throw new Error(`no journal for event ${eventId}`);
    return journal;
  }

  private eventOf(executionId: string): string {
    const eventId = this.eventOfExecution.get(executionId);
    if (!eventId) throw new Error(`execution ${executionId} was never begun`);
    return eventId;
  }
}

function notUsed(name: string): () => Promise<never> {
  return () => Promise.reject(new Error(`processEvent does not call ${name}`));
}

function result(outcome: CallHandlerResult['outcome'], status: number, error: string | null): CallHandlerResult {
  return { outcome, status, error, retryAfterMs: null, unrecorded: null };
}

/** A planned handler; retries are immediate so that a test of three attempts takes milliseconds. */
function planned(id: number, fields: Partial<PlannedHandler> = {}): PlannedHandler {
  return {
    id,
    name: `handler ${id}`,
    priority: id,
    condition: null,
    retry: { maxAttempts: 1, initialIntervalMs: 10, backoffCoefficient: 1, maxIntervalMs: 10 },
    timeoutMs: 5_000,
    onFailure: 'continue',
    ...fields,
  };
}

function newEvent(data: Record<string, unknown> = {}): HooklineEvent {
  return {
    id: `evt-${randomUUID()}`,
    type: 'clients.create',
    objectId: '12',
    occurredAt: '2026-11-29T10:00:00Z',
    data,
  };
}

function owner(handlers: PlannedHandler[], snapshotVersion = 7): BeganExecution {
  return { owner: true, plan: { snapshotVersion, handlers, notSelected: [] } };
}

const counts = (handlers: number, succeeded: number, failed: number, skipped: number): ExecutionCounts => ({
  handlers,
  succeeded,
  failed,
  skipped,
});

describe('processEvent', () => {
  const taskQueue = `process-event-test-${randomUUID()}`;
  const activities = new FakeActivities();
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;

  const binary = process.env['HOOKLINE_TEMPORAL_BIN'];

  // Every test fails with this message rather than being skipped: a silently skipped file would read as a green run
  // that proved nothing. (A failing beforeAll would mark the tests skipped.)
  beforeEach(() => {
    if (!binary) {
      throw new Error(
        'HOOKLINE_TEMPORAL_BIN is not set: point it at the Temporal CLI (`npm test` does), e.g. ' +
          'HOOKLINE_TEMPORAL_BIN=/path/to/temporal pnpm exec vitest run'
      );
    }
  });

  beforeAll(async () => {
    if (!binary) return;
    // Handler failures are what several tests are about: keep the SDK's per-failure warnings out of the output.
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    // createLocal runs `temporal server start-dev` from the given binary, never a downloaded one (createTimeSkipping
    // would fetch a Java test server).
    env = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: binary } },
    });
    worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      // The workflows' own entry point, bundled from source, as the worker does from the built package.
      workflowsPath: join(__dirname, 'index.ts'),
      activities: activities.asActivities(),
    });
    running = worker.run();
  });

  afterAll(async () => {
    if (worker && worker.getState() === 'RUNNING') {
      worker.shutdown();
      await running;
    }
    await env?.teardown();
  });

  async function run(input: ProcessEventInput): Promise<ProcessEventResult> {
    return env.client.workflow.execute<typeof processEvent>('processEvent', {
      taskQueue,
      workflowId: `event-${input.event.id}`,
      args: [input],
    });
  }

  it('begins the execution with its ids, then calls the plan’s handlers in the plan’s order, one at a time', async () => {
    const event = newEvent();
    // Not sorted by id: the workflow must keep the order it is given, not re-sort.
    const journal = activities.expect(event.id, { began: owner([planned(3), planned(1), planned(2)]) });

    const result = await run({ event, executionId: 'exec-order' });

    expect(journal.begin).toEqual([
      {
        executionId: 'exec-order',
        event,
        workflowId: `event-${event.id}`,
        runId: expect.any(String),
        replay: null,
      },
    ]);
    expect(journal.calls).toEqual([
      { executionId: 'exec-order', snapshotVersion: 7, handlerId: 3, attempt: 1 },
      { executionId: 'exec-order', snapshotVersion: 7, handlerId: 1, attempt: 1 },
      { executionId: 'exec-order', snapshotVersion: 7, handlerId: 2, attempt: 1 },
    ]);
    expect(journal.peakInFlight).toBe(1);
    // A plan that does not ask for local first calls (every plan made before there was a choice) makes none.
    expect(journal.localCalls).toEqual([]);
    expect(journal.skipped).toEqual([]);
    expect(journal.finished).toEqual([
      { executionId: 'exec-order', status: 'succeeded', snapshotVersion: 7, counts: counts(3, 3, 0, 0) },
    ]);
    expect(result).toEqual({
      executionId: 'exec-order',
      status: 'succeeded',
      snapshotVersion: 7,
      counts: counts(3, 3, 0, 0),
    });
  });

  it('generates an execution id when the starter gives none, and uses it throughout', async () => {
    const event = newEvent();
    const journal = activities.expect(event.id, { began: owner([planned(1)]) });

    const result = await run({ event });

    const executionId = journal.begin[0]?.executionId;
    expect(executionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(journal.calls.map((c) => c.executionId)).toEqual([executionId]);
    expect(journal.finished.map((f) => f.executionId)).toEqual([executionId]);
    expect(result.executionId).toBe(executionId);
  });

  it('onFailure stop: a failing handler skips the rest, recorded in one recordSkipped with the reason', async () => {
    const event = newEvent();
    const journal = activities.expect(event.id, {
      began: owner([
        planned(1),
        planned(2, { name: 'provision', onFailure: 'stop' }),
        planned(3, { name: 'notify' }),
        planned(4, { name: 'audit' }),
      ]),
      outcomes: { 2: ['rejected'] },
    });

    const result = await run({ event, executionId: 'exec-stop' });

    expect(journal.calls.map((c) => c.handlerId)).toEqual([1, 2]);
    expect(journal.skipped).toEqual([
      {
        executionId: 'exec-stop',
        handlers: [
          { id: 3, name: 'notify', priority: 3 },
          { id: 4, name: 'audit', priority: 4 },
        ],
        reason: 'skipped: handler 2 (provision) failed and stops the chain',
      },
    ]);
    expect(journal.finished).toEqual([
      { executionId: 'exec-stop', status: 'failed', snapshotVersion: 7, counts: counts(4, 1, 1, 2) },
    ]);
    expect(result).toEqual({
      executionId: 'exec-stop',
      status: 'failed',
      snapshotVersion: 7,
      counts: counts(4, 1, 1, 2),
    });
  });

  it('onFailure stop on the last handler: nothing left to skip, so its skip record is empty', async () => {
    const event = newEvent();
    const journal = activities.expect(event.id, {
      began: owner([planned(1), planned(2, { onFailure: 'stop' })]),
      outcomes: { 2: ['rejected'] },
    });

    const result = await run({ event, executionId: 'exec-stop-last' });

    expect(journal.calls.map((c) => c.handlerId)).toEqual([1, 2]);
    // One empty skip record is still written: the stop happened, there was just nothing after it.
    expect(journal.skipped).toEqual([
      {
        executionId: 'exec-stop-last',
        handlers: [],
        reason: 'skipped: handler 2 (handler 2) failed and stops the chain',
      },
    ]);
    expect(result.counts).toEqual(counts(2, 1, 1, 0));
    expect(result.status).toBe('failed');
  });

  it('onFailure continue: a failing handler is counted and the next ones still run', async () => {
    const event = newEvent();
    const journal = activities.expect(event.id, {
      began: owner([planned(1, { onFailure: 'continue' }), planned(2), planned(3, { onFailure: 'continue' })]),
      outcomes: { 1: ['rejected'], 3: ['rejected'] },
    });

    const result = await run({ event, executionId: 'exec-continue' });

    expect(journal.calls.map((c) => c.handlerId)).toEqual([1, 2, 3]);
    expect(journal.skipped).toEqual([]);
    expect(journal.finished).toEqual([
      { executionId: 'exec-continue', status: 'failed', snapshotVersion: 7, counts: counts(3, 1, 2, 0) },
    ]);
    expect(result.status).toBe('failed');
  });

  it('retries a handler under its own policy: a retryable failure is retried, a rejection is not', async () => {
    const event = newEvent();
    const retry = { maxAttempts: 3, initialIntervalMs: 10, backoffCoefficient: 1, maxIntervalMs: 10 };
    const journal = activities.expect(event.id, {
      began: owner([planned(1, { retry }), planned(2, { retry })]),
      // Handler 1 fails twice and then succeeds on its third and last attempt; handler 2 is rejected outright.
      outcomes: { 1: ['retryable', 'retryable', 'ok'], 2: ['rejected'] },
    });

    const result = await run({ event, executionId: 'exec-retry' });

    expect(journal.calls.map((c) => c.handlerId)).toEqual([1, 1, 1, 2]);
    // The workflow numbers the attempts; the activity wrote every row, so the workflow wrote none itself.
    expect(journal.calls.map((c) => c.attempt)).toEqual([1, 2, 3, 1]);
    expect(journal.recorded).toEqual([]);
    expect(result.counts).toEqual(counts(2, 1, 1, 0));
  });

  it('counts a handler as failed once its attempts run out', async () => {
    const event = newEvent();
    const retry = { maxAttempts: 2, initialIntervalMs: 10, backoffCoefficient: 1, maxIntervalMs: 10 };
    const journal = activities.expect(event.id, {
      began: owner([planned(1, { retry }), planned(2)]),
      outcomes: { 1: ['retryable', 'retryable', 'ok'] },
    });

    const result = await run({ event, executionId: 'exec-exhausted' });

    // The third outcome is never reached: two attempts were all the policy allowed.
    expect(journal.calls.map((c) => c.handlerId)).toEqual([1, 1, 2]);
    expect(result).toMatchObject({ status: 'failed', counts: counts(2, 1, 1, 0) });
  });

  it('succeeds with zero counts when no handler matched', async () => {
    const event = newEvent();
    const journal = activities.expect(event.id, { began: owner([], 3) });

    const result = await run({ event, executionId: 'exec-empty' });

    expect(journal.calls).toEqual([]);
    expect(journal.skipped).toEqual([]);
    expect(journal.finished).toEqual([
      { executionId: 'exec-empty', status: 'succeeded', snapshotVersion: 3, counts: counts(0, 0, 0, 0) },
    ]);
    expect(result).toEqual({
      executionId: 'exec-empty',
      status: 'succeeded',
      snapshotVersion: 3,
      counts: counts(0, 0, 0, 0),
    });
  });

  it('runs nothing and answers duplicate with the owner’s id when beginExecution says another execution owns the event', async () => {
    const event = newEvent();
    const journal = activities.expect(event.id, { began: { owner: false, ownerId: 'exec-first' } });

    const result = await run({ event, executionId: 'exec-second' });

    expect(journal.begin).toHaveLength(1);
    expect(journal.calls).toEqual([]);
    expect(journal.skipped).toEqual([]);
    // Nothing is recorded as finished either: the owner's record is the only one.
    expect(journal.finished).toEqual([]);
    expect(result).toEqual({
      executionId: 'exec-first',
      status: 'duplicate',
      snapshotVersion: null,
      counts: counts(0, 0, 0, 0),
    });
  });

  it('passes replay instructions through to beginExecution unchanged, and runs the plan it answers', async () => {
    const event = newEvent();
    const replay = { of: 'exec-original', handlers: 'original' as const, onlyHandlerIds: [2], snapshotVersion: 4 };
    // Planning the replay (its snapshot, its handlers) is beginExecution's job: the workflow only carries the request.
    const journal = activities.expect(event.id, { began: owner([planned(2)], 4) });

    const result = await run({ event, executionId: 'exec-replay', replay });

    expect(journal.begin.map((b) => b.replay)).toEqual([replay]);
    expect(journal.calls).toEqual([{ executionId: 'exec-replay', snapshotVersion: 4, handlerId: 2, attempt: 1 }]);
    expect(result).toMatchObject({ status: 'succeeded', snapshotVersion: 4 });
  });

  it('leaves condition selection to beginExecution: runs exactly plan.handlers, conditions unread', async () => {
    const event = newEvent({ balance: 5 });
    const journal = activities.expect(event.id, {
      began: {
        owner: true,
        plan: {
          snapshotVersion: 7,
          // This condition is false for the event, yet the handler is in the plan: the workflow runs it as planned.
          handlers: [planned(1, { condition: { path: 'data.balance', op: 'lt', value: 0 } })],
          // And what the activity left out stays out, however it would evaluate.
          notSelected: [{ handlerId: 2, name: 'handler 2', reason: 'condition false' }],
        },
      },
    });

    const result = await run({ event, executionId: 'exec-conditions' });

    expect(journal.calls.map((c) => c.handlerId)).toEqual([1]);
    // notSelected handlers are neither called nor counted: they were never part of this execution's run.
    expect(result.counts).toEqual(counts(1, 1, 0, 0));
  });

  describe('with first calls local (plan.firstCallLocal)', () => {
    function localOwner(handlers: PlannedHandler[]): BeganExecution {
      return { owner: true, plan: { snapshotVersion: 7, handlers, notSelected: [], firstCallLocal: true } };
    }

    it('makes every first call as a local activity, in order, and the event takes one workflow task', async () => {
      const event = newEvent();
      const journal = activities.expect(event.id, { began: localOwner([planned(2), planned(1)]) });

      const result = await run({ event, executionId: 'exec-local' });

      expect(journal.localCalls).toEqual([
        { executionId: 'exec-local', snapshotVersion: 7, handlerId: 2, attempt: 1 },
        { executionId: 'exec-local', snapshotVersion: 7, handlerId: 1, attempt: 1 },
      ]);
      expect(journal.calls).toEqual([]);
      expect(journal.peakInFlight).toBe(1);
      expect(result).toMatchObject({ status: 'succeeded', counts: counts(2, 2, 0, 0) });
      const { events } = await env.client.workflow.getHandle(`event-${event.id}`).fetchHistory();
      const kinds = (events ?? []).map((e) => String(e.eventType));
      // EventType enum numbers: 6 WorkflowTaskCompleted, 10 ActivityTaskScheduled, 25 MarkerRecorded.
      expect(kinds.filter((k) => k === '6' || k === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED')).toHaveLength(1);
      expect(kinds.filter((k) => k === '10' || k === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED')).toHaveLength(0);
    });

    it('makes the attempts after a failed local first call as activities, numbered on from it', async () => {
      const event = newEvent();
      const retry = { maxAttempts: 3, initialIntervalMs: 10, backoffCoefficient: 1, maxIntervalMs: 10 };
      const journal = activities.expect(event.id, {
        began: localOwner([planned(1, { retry }), planned(2, { retry })]),
        outcomes: { 1: ['retryable', 'retryable', 'ok'], 2: ['rejected'] },
      });

      const result = await run({ event, executionId: 'exec-local-retry' });

      expect(journal.localCalls.map((c) => [c.handlerId, c.attempt])).toEqual([
        [1, 1],
        [2, 1],
      ]);
      expect(journal.calls.map((c) => [c.handlerId, c.attempt])).toEqual([
        [1, 2],
        [1, 3],
      ]);
      expect(result.counts).toEqual(counts(2, 1, 1, 0));
    });

    it('makes a first call that could not be claimed as an activity, under the same attempt number', async () => {
      const event = newEvent();
      const journal = activities.expect(event.id, { began: localOwner([planned(1), planned(2)]), notClaimed: [1] });

      const result = await run({ event, executionId: 'exec-not-claimed' });

      expect(journal.localCalls.map((c) => [c.handlerId, c.attempt])).toEqual([
        [1, 1],
        [2, 1],
      ]);
      expect(journal.calls.map((c) => [c.handlerId, c.attempt])).toEqual([[1, 1]]);
      expect(result).toMatchObject({ status: 'succeeded', counts: counts(2, 2, 0, 0) });
    });
  });
});
