/**
 * Durations in hub settings ("10m", "35s", "200ms"). Settings need milliseconds (timeouts,
 * tests), which the user-facing grammar in @curfew/core deliberately lacks; API bodies and
 * Slack use core's parseDuration.
 */
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const PART = /(\d+)(ms|s|m|h|d)/gy;

/** Milliseconds for a duration like "1h30m", or null when the text is not one. */
export function parseSettingDuration(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = PART.exec(trimmed); match; match = PART.exec(trimmed)) {
    const [whole, amount, unit] = match;
    total += Number(amount) * (UNIT_MS[unit ?? ''] ?? Number.NaN);
    consumed += whole.length;
  }
  if (consumed !== trimmed.length || !Number.isFinite(total) || total <= 0) return null;
  return total;
}
