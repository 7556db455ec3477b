/**
 * Instants in annotations are ISO-8601 UTC. Whole seconds are written without milliseconds
 * (`2026-11-01T18:00:00Z`), which is how Kubernetes itself writes timestamps.
 */
export function formatInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  return ms % 1000 === 0 ? `${iso.slice(0, 19)}Z` : iso;
}

/** Parses an ISO-8601 instant with `Z` or an offset; null for anything else (never throws). */
export function parseInstant(text: string | undefined): number | null {
  if (text === undefined) return null;
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(trimmed)) {
    return null;
  }
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? null : ms;
}
