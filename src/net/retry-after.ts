/** Longest wait a receiver can ask for by default; beyond it Retry-After is capped, not obeyed. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * Retry-After as seconds or an HTTP date, or Discord's JSON `retry_after`
 * (seconds, possibly fractional). Capped at `maxMs` (one hour unless said); absurd values are capped, not obeyed.
 */
export function parseRetryAfter(header: string | null | undefined, body: string, now: number, maxMs = MAX_RETRY_AFTER_MS): number | undefined {
  const value = header?.trim();
  let ms: number | undefined;
  if (value && /^\d+(\.\d+)?$/.test(value)) ms = Number(value) * 1000;
  else if (value) {
    const date = Date.parse(value);
    if (Number.isFinite(date)) ms = Math.max(0, date - now);
  }
  if (ms === undefined) ms = jsonRetryAfter(body);
  return ms === undefined ? undefined : Math.min(Math.max(ms, 0), maxMs);
}

function jsonRetryAfter(body: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'retry_after' in parsed) {
      const seconds = Number((parsed as { retry_after: unknown }).retry_after);
      if (Number.isFinite(seconds)) return seconds * 1000;
    }
  } catch {
    // Not JSON: no hint.
  }
  return undefined;
}

