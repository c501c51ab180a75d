import { expect } from 'vitest';
import type { Environment } from './environment';
import type { ChildHandle } from './processes';

/** What a ledger is built from: the tables, the handlers, the receiver, and the processes to blame on a stall. */
export type Measured = Pick<Environment, 'database' | 'handlers' | 'receiver'> & { children(): ChildHandle[] };
import { type Ledger, type Violations, buildLedger, printLedger, readReceiverLedger } from './ledger';

type Rule = {
  [K in keyof Ledger]: Ledger[K] extends Violations ? K : never;
}[keyof Ledger];

/** How long every accepted event gets to finish: generous, it only turns a hang into a failure. */
export const SETTLE_DEADLINE_MS = 150_000;

/**
 * Waits until every accepted event's execution has ended, then reads the receiver's ledger and Hookline's tables and
 * compares them. Prints the ledger either way.
 */
export async function settleAndMeasure(
  env: Measured,
  scenario: string,
  events: { accepted: string[]; refused: string[]; expectedStatus?: 'succeeded' | 'failed' },
  extra: Record<string, number | string> = {}
): Promise<Ledger> {
  const { open } = await env.database.waitUntilEnded(events.accepted, SETTLE_DEADLINE_MS);
  const everyId = [...events.accepted, ...events.refused];
  const ledger = buildLedger({
    accepted: events.accepted,
    refused: events.refused,
    handlers: env.handlers,
    expectedStatus: events.expectedStatus ?? 'succeeded',
    calls: readReceiverLedger(env.receiver.ledgerFile),
    executions: await env.database.executions(everyId),
    attempts: await env.database.attempts(everyId),
  });
  printLedger(scenario, ledger, { ...extra, stillRunning: open.length });
  // A stalled run is told apart from a crashed process at once.
  for (const child of env.children()) {
    if (child.exited()) console.log(`[faults] ${scenario}: ${child.name} had exited:\n${child.output()}`);
  }
  expect.soft(open, 'accepted events whose execution never ended').toEqual([]);
  return ledger;
}

/** One rule of the ledger, checked softly so that every broken rule of a scenario is reported, not only the first. */
export function expectRule(ledger: Ledger, rule: Rule, meaning: string): void {
  expect.soft(ledger[rule], `${rule}: ${meaning}`).toEqual({ count: 0, examples: [] });
}

/** The rules every scenario holds to. */
export function expectCommonRules(ledger: Ledger): void {
  expectRule(ledger, 'executions', 'every accepted event has exactly one execution, ended as expected');
  expectRule(ledger, 'unseenPairs', 'the receiver saw every (event, handler) pair');
  expectRule(ledger, 'webhookIdChanged', 'every repeated call of a pair carried the same webhook-id');
  expectRule(ledger, 'attemptRows', 'attempt rows in execution_logs = calls the receiver saw');
  expect.soft(ledger.lost, 'lost').toBe(0);
}
