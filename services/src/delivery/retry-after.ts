/**
 * `Retry-After` (RFC 9110 §10.2.3) as a delay in milliseconds: delay-seconds or an HTTP-date,
 * capped by the handler's `maxIntervalMs` so a receiver cannot park a handler call for days.
 * Returns null when absent or unreadable, so the handler's own backoff applies.
 */
export function parseRetryAfter(value: string | undefined, now: Date, capMs: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) {
    ms = Number(text) * 1000;
  } else if (/[A-Za-z]/.test(text)) {
    // Dates always carry a weekday or month name; this keeps Date.parse from reading "1.5" as a year.
    const at = Date.parse(text);
    if (Number.isNaN(at)) return null;
    ms = Math.max(0, at - now.getTime());
  } else {
    return null;
  }
  return Math.min(ms, capMs);
}
