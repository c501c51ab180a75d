import { readFileSync } from 'node:fs';
import type { AttemptRecord, ExecutionRecord } from './database-view';

/** One line of the receiver's ledger file: a request it got, and what the caller got back. */
export interface ReceivedCall {
  eventId: string;
  eventType: string;
  path: string;
  webhookId: string;
  attempt: number;
  at: number;
  /** The status the caller received, or null when the exchange broke off before the answer was out. */
  answered: number | null;
}

export function readReceiverLedger(file: string): ReceivedCall[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ReceivedCall);
}

export interface LedgerInput {
  /** Event ids answered 202. */
  accepted: string[];
  /** Event ids answered anything else and never sent again: nothing may exist for them. */
  refused: string[];
  /** Handler id → the receiver path it posts to. */
  handlers: Map<number, string>;
  /** How every accepted event's execution must end. */
  expectedStatus: 'succeeded' | 'failed';
  calls: ReceivedCall[];
  executions: ExecutionRecord[];
  attempts: AttemptRecord[];
}

/** A broken rule: how many times, and a few examples to start looking from. */
export interface Violations {
  count: number;
  examples: string[];
}

export interface Ledger {
  accepted: number;
  succeeded: number;
  failed: number;
  /** Calls the receiver saw beyond the first of each (event, handler) pair. */
  duplicates: number;
  /** Accepted events without an ended execution, plus (event, handler) pairs the receiver never saw. */
  lost: number;
  /** Every accepted event has exactly one original execution, ended with the expected status. */
  executions: Violations;
  /** The receiver saw every (event, handler) pair of every accepted event. */
  unseenPairs: Violations;
  /** Every call of one pair carried the same `webhook-id`. */
  webhookIdChanged: Violations;
  /** Attempt rows per pair = calls of that pair the receiver saw (attempts that failed before it read them aside). */
  attemptRows: Violations;
  /** Refused events left no execution and reached no receiver. */
  refusedLeftTraces: Violations;
  /** A pair was called again although the receiver had answered its previous call with a 2xx. */
  repeatedAfterSuccess: Violations;
  /** Refused (503) events whose start had reached Temporal after all: each ran once, as a retry would have. */
  startedDespiteRefusal: number;
  /** Attempt rows of a pair are numbered 1..n and started one after another. */
  attemptOrder: Violations;
}

function violations(list: string[]): Violations {
  return { count: list.length, examples: list.slice(0, 10) };
}

const pairKey = (eventId: string, path: string) => `${eventId} ${path}`;

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Whether an attempt reached the receiver's handler (and so has a line in its ledger): it got an answer, or it was
 * waiting for one when the caller gave up. Any other error is a network failure before the request was read (a refused
 * connect, a keep-alive socket the receiver had closed): the receiver answers every request it reads, even while
 * going down.
 */
/** A row for an attempt whose activity was lost (its worker killed mid-call): the receiver may or may not have seen it. */
function outcomeUnknown(attempt: AttemptRecord): boolean {
  return /^no outcome/.test(attempt.error ?? '');
}

function reachedReceiver(attempt: AttemptRecord): boolean {
  if (outcomeUnknown(attempt)) return false;
  return attempt.responseStatus !== null || /timed out|cancelled/.test(attempt.error ?? '');
}

export function buildLedger(input: LedgerInput): Ledger {
  const acceptedSet = new Set(input.accepted);
  const refusedSet = new Set(input.refused);
  const paths = [...input.handlers.values()];
  const pathOf = (handlerId: number) => input.handlers.get(handlerId) ?? `/unknown-handler-${handlerId}`;

  const originals = input.executions.filter((e) => e.replayOf === null && acceptedSet.has(e.eventId));
  const byEvent = groupBy(originals, (e) => e.eventId);
  const executionProblems: string[] = [];
  let lostEvents = 0;
  for (const id of input.accepted) {
    const rows = byEvent.get(id) ?? [];
    if (rows.length === 0) lostEvents++;
    if (rows.length !== 1) executionProblems.push(`${id}: ${rows.length} executions`);
    else if (rows[0]!.status !== input.expectedStatus) executionProblems.push(`${id}: ${rows[0]!.status}`);
  }

  const callsOfAccepted = input.calls.filter((c) => acceptedSet.has(c.eventId));
  const callsByPair = groupBy(
    [...callsOfAccepted].sort((a, b) => a.at - b.at),
    (c) => pairKey(c.eventId, c.path)
  );
  const unseen: string[] = [];
  for (const id of input.accepted) {
    for (const path of paths) if (!callsByPair.has(pairKey(id, path))) unseen.push(pairKey(id, path));
  }

  let duplicates = 0;
  const webhookIdChanged: string[] = [];
  const repeatedAfterSuccess: string[] = [];
  for (const [pair, calls] of callsByPair) {
    duplicates += calls.length - 1;
    const ids = new Set(calls.map((c) => c.webhookId));
    if (ids.size !== 1) webhookIdChanged.push(`${pair}: ${[...ids].join(', ')}`);
    calls.forEach((c, i) => {
      const previous = i > 0 ? calls[i - 1]!.answered : null;
      if (previous !== null && previous >= 200 && previous < 300) {
        repeatedAfterSuccess.push(`${pair}: call ${i + 1} (envelope attempt ${c.attempt}) after a ${previous}`);
      }
    });
  }

  const attemptsOfAccepted = input.attempts.filter((a) => acceptedSet.has(a.eventId));
  const attemptsByPair = groupBy(attemptsOfAccepted, (a) => pairKey(a.eventId, pathOf(a.handlerId)));
  const attemptRows: string[] = [];
  for (const pair of new Set([...callsByPair.keys(), ...attemptsByPair.keys()])) {
    const seen = callsByPair.get(pair)?.length ?? 0;
    const pairRows = attemptsByPair.get(pair) ?? [];
    const rows = pairRows.filter(reachedReceiver).length;
    // Every call the receiver saw has its row; a lost call's row says its outcome is unknown, and may stand for a call
    // that never left the killed worker.
    const unknown = pairRows.filter(outcomeUnknown).length;
    if (seen < rows || seen > rows + unknown) {
      attemptRows.push(`${pair}: receiver saw ${seen}, ${rows} attempt rows (+${unknown} of unknown outcome)`);
    }
  }

  const attemptOrder: string[] = [];
  for (const [pair, rows] of attemptsByPair) {
    const sorted = [...rows].sort((a, b) => a.attempt - b.attempt);
    const numbers = sorted.map((r) => r.attempt);
    if (numbers.some((n, i) => n !== i + 1)) attemptOrder.push(`${pair}: attempts ${numbers.join(',')}`);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.startedAt.getTime() <= sorted[i - 1]!.startedAt.getTime()) {
        attemptOrder.push(
          `${pair}: attempt ${sorted[i]!.attempt} started no later than attempt ${sorted[i - 1]!.attempt}`
        );
      }
    }
  }

  // A 503 says the start was not confirmed within the API's deadline, not that it never reached Temporal: a start in
  // flight may still land, and the caller's retry with the same id then answers `duplicate`. What must never happen
  // is a refused event that ran twice or half: more than one execution, or one that did not end as expected.
  const refusedExecutions = groupBy(
    input.executions.filter((e) => refusedSet.has(e.eventId)),
    (e) => e.eventId
  );
  const refusedLeftTraces = [...refusedExecutions].flatMap(([eventId, rows]) =>
    rows.length === 1 && rows[0]!.status === input.expectedStatus
      ? []
      : rows.map((e) => `${eventId}: execution ${e.id} (${e.status})`)
  );
  const startedDespiteRefusal = refusedExecutions.size;

  return {
    accepted: input.accepted.length,
    succeeded: originals.filter((e) => e.status === 'succeeded').length,
    failed: originals.filter((e) => e.status === 'failed').length,
    duplicates,
    lost: lostEvents + unseen.length,
    executions: violations(executionProblems),
    unseenPairs: violations(unseen),
    webhookIdChanged: violations(webhookIdChanged),
    attemptRows: violations(attemptRows),
    refusedLeftTraces: violations(refusedLeftTraces),
    startedDespiteRefusal,
    repeatedAfterSuccess: violations(repeatedAfterSuccess),
    attemptOrder: violations(attemptOrder),
  };
}

/** One line per scenario in the test output, whether it passes or not. */
export function printLedger(scenario: string, ledger: Ledger, extra: Record<string, number | string> = {}): void {
  const head = `accepted=${ledger.accepted} succeeded=${ledger.succeeded} failed=${ledger.failed} duplicates=${ledger.duplicates} lost=${ledger.lost} startedDespite503=${ledger.startedDespiteRefusal}`;
  const more = Object.entries(extra)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const broken = (
    [
      'executions',
      'unseenPairs',
      'webhookIdChanged',
      'attemptRows',
      'refusedLeftTraces',
      'repeatedAfterSuccess',
      'attemptOrder',
    ] as const
  )
    .filter((k) => ledger[k].count > 0)
    .map((k) => `${k}=${ledger[k].count}`)
    .join(' ');
  console.log(`[faults] ${scenario}: ${head}${more ? ` ${more}` : ''}${broken ? ` | violations: ${broken}` : ''}`);
}
