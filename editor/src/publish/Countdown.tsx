import { useEffect, useRef, useState } from 'react';
import { formatCountdown } from '../ui/format';

interface Props {
  /** ISO instant of the next automatic refresh. */
  to: string;
  /** Called once when the moment has passed (to read the new status). */
  onElapsed: () => void;
}

/** Ticks every second on its own, so the rest of the bar does not re-render. */
export function Countdown({ to, onElapsed }: Props) {
  const target = new Date(to).getTime();
  const [now, setNow] = useState(() => Date.now());
  const fired = useRef<number | null>(null);
  const elapsed = useRef(onElapsed);
  elapsed.current = onElapsed;

  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);

  const seconds = Math.ceil((target - now) / 1000);
  useEffect(() => {
    // A little after the moment, so the scheduled refresh has had time to run.
    if (seconds <= -3 && fired.current !== target) {
      fired.current = target;
      elapsed.current();
    }
  }, [seconds, target]);

  if (Number.isNaN(target)) return null;
  return (
    <span
      className="countdown"
      data-testid="refresh-countdown"
      title={`Next automatic refresh at ${new Date(target).toLocaleTimeString()}`}
    >
      {seconds > 0 ? (
        <>
          next refresh in <time dateTime={to}>{formatCountdown(seconds)}</time>
        </>
      ) : (
        'refreshing…'
      )}
    </span>
  );
}
