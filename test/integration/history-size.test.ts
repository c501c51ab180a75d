import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Receiver } from '../support/receiver';
import { createHandler, emit, execution, outcome, publish } from '../support/scenario';
import { type Stack, startStack } from '../support/stack';

const HANDLERS = 5;

/** Every payload of a history as text: payload data are bytes, which JSON.stringify would not show as text. */
function payloadTexts(value: unknown, texts: string[] = []): string[] {
  if (value instanceof Uint8Array) texts.push(Buffer.from(value).toString('utf8'));
  else if (Array.isArray(value)) value.forEach((v) => payloadTexts(v, texts));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => payloadTexts(v, texts));
  return texts;
}

/** A large event costs history once per execution, however many handlers it reaches, and each log row a note. */
describe('history and log size', () => {
  let stack: Stack;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await new Receiver().start();
    stack = await startStack();
    for (let i = 1; i <= HANDLERS; i++) {
      await createHandler(stack, { name: `h${i}`, target: `${receiver.url}/h${i}`, priority: i });
    }
    await publish(stack);
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  it('carries the event in history once, not once per handler call', async () => {
    const marker = `payload-${randomUUID()}`;
    const data = { blob: `${marker}:${'x'.repeat(200_000)}` };
    const accepted = await emit(stack, { id: `big-${randomUUID()}`, type: 'clients.create', data });
    expect((await outcome(stack, accepted)).status).toBe('succeeded');
    const eventId = accepted.workflowId.replace(/^event-/, '');
    // Every handler got the whole event ...
    expect(receiver.forEvent(eventId).map((r) => r.json.data['blob'])).toEqual(Array(HANDLERS).fill(data.blob));
    // ... while history holds it once: in the workflow's input.
    const history = await stack.client.workflow.getHandle(accepted.workflowId).fetchHistory();
    const copies = payloadTexts(history).join('\n').split(marker).length - 1;
    expect(copies).toBe(1);
    // The log rows point at the event instead of copying it.
    const view = await execution(stack, accepted.executionId);
    const bodies = view.handlers.map((h) => JSON.stringify(h.attempts[0]?.request ?? null));
    expect(bodies.every((b) => !b.includes(marker) && b.includes('omitted'))).toBe(true);
  });
});
