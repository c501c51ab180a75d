import { useCallback, useState } from 'react';
import { getExecution, listExecutions } from '../api/executions';
import { messageOf } from '../api/problem';
import { useSession } from '../auth/useSession';
import { useCatalog } from '../catalog/useCatalog';
import { sampleEvent } from '../condition/samples';

export interface SampleText {
  text: string;
  setText: (text: string) => void;
  /** Back to the example for the event type. */
  reset: () => void;
  /** Takes the newest real event of this type from the execution log. */
  loadLatest: () => Promise<void>;
  loading: boolean;
  /** Why the latest event could not be taken (none yet, no access). */
  problem: string | null;
}

interface State {
  event: string;
  text: string;
  edited: boolean;
}

/** The editable sample event of the inspector: the preview and "send test event" both use it. */
export function useSampleText(event: string): SampleText {
  const { api } = useSession();
  const catalog = useCatalog();
  const entry = catalog.byType.get(event);
  const example = useCallback(
    () => JSON.stringify(sampleEvent(event, entry?.group ?? 'Custom', entry?.schema ?? null), null, 2),
    [event, entry]
  );
  const [state, setState] = useState<State>(() => ({ event, text: example(), edited: false }));
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  // A sample nobody edited follows the event type chosen in the form.
  if (state.event !== event && !state.edited) setState({ event, text: example(), edited: false });

  const setText = useCallback((text: string) => setState((s) => ({ ...s, text, edited: true })), []);
  const reset = useCallback(() => {
    setProblem(null);
    setState({ event, text: example(), edited: false });
  }, [event, example]);

  const loadLatest = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      const page = await listExecutions(api, { event }, { limit: 1 });
      const latest = page.items[0];
      if (!latest) {
        setProblem('No event of this type has been received yet.');
        return;
      }
      const detail = await getExecution(api, latest.id);
      setState({ event, text: JSON.stringify(detail.event, null, 2), edited: true });
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setLoading(false);
    }
  }, [api, event]);

  return { text: state.text, setText, reset, loadLatest, loading, problem };
}
