import type { Attempt, Handler } from '@hookline/domain';
import { useState } from 'react';
import { testHandler } from '../api/handlers';
import { messageOf } from '../api/problem';
import { useSession } from '../auth/useSession';
import { AttemptView } from '../executions/AttemptView';

interface Props {
  handler: Handler | null;
  sampleText: string;
  /** Whether there are unsaved edits (the test uses the saved handler). */
  dirty: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "Send test event": the sample, to this handler alone; shows the attempt the server logged. */
export function TestEventPanel({ handler, sampleText, dirty }: Props) {
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Attempt | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function send() {
    if (!handler) return;
    let sample: unknown;
    try {
      sample = JSON.parse(sampleText);
    } catch {
      setError('The sample event is not valid JSON.');
      return;
    }
    const event = isRecord(sample) ? sample : {};
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(
        await testHandler(api, handler.id, {
          objectId:
            typeof event.objectId === 'string' || typeof event.objectId === 'number' ? String(event.objectId) : '1',
          data: isRecord(event.data) ? event.data : {},
        })
      );
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="section test-event" aria-labelledby="test-event-title">
      <h3 id="test-event-title">Send a test event</h3>
      <p className="muted small">
        {handler
          ? `Sends the sample to this handler alone${dirty ? ', as last saved' : ''}, and logs the attempt.`
          : 'Save the handler first.'}
      </p>
      <button
        type="button"
        className="button"
        onClick={() => void send()}
        disabled={!handler || busy}
        aria-busy={busy}
        data-testid="inspector-test"
      >
        {busy ? 'Sending…' : 'Send test event'}
      </button>
      {error && (
        <p className="field-error" role="alert" data-testid="inspector-test-error">
          {error}
        </p>
      )}
      {result && (
        <div className="test-result" data-testid="inspector-test-result">
          <AttemptView attempt={result} />
        </div>
      )}
    </section>
  );
}
