import { parseDuration } from '../common/duration.js';
import { latestDueOffset, nextOffsetAt, parseOffsetRecord } from '../schedule/offsets.js';

/**
 * Time bombs: a `curfew.dev/timer` duration becomes a `valid-until` (unix seconds) stamped by the
 * mutating webhook, plus a human-readable copy. Whole seconds, because that is what the annotation
 * holds and what the validating webhook compares.
 */
export interface Validity {
  /** Unix seconds. */
  validUntil: number;
  /** The same instant, ISO-8601 UTC (`2026-11-01T18:00:00Z`). */
  validUntilHuman: string;
}

export const DEFAULT_EXPIRY_WARNING_OFFSETS_MINUTES: readonly number[] = [60, 15];

/** Validity for a timer starting now; throws CurfewInputError for a bad timer (see parseDuration). */
export function validityFromTimer(timer: string, now: number): Validity {
  return validityAfter(parseDuration(timer), now);
}

/** Validity `durationMs` (whole seconds, e.g. from parseDuration) from now, e.g. for extend. */
export function validityAfter(durationMs: number, now: number): Validity {
  return validityAt(Math.floor(now / 1000) + Math.ceil(durationMs / 1000));
}

/** The Validity for a unix-seconds instant. */
export function validityAt(validUntil: number): Validity {
  return {
    validUntil,
    validUntilHuman: `${new Date(validUntil * 1000).toISOString().slice(0, 19)}Z`,
  };
}

/**
 * Reads a `valid-until` annotation: unix seconds as digits; null when missing or malformed
 * (the webhook then re-stamps it rather than treating the object as expired).
 */
export function parseValidUntil(text: string | undefined): number | null {
  const trimmed = text?.trim() ?? '';
  return /^\d{1,12}$/.test(trimmed) ? Number(trimmed) : null;
}

/** Expired from the `validUntil` second on. */
export function isExpired(validUntil: number, now: number): boolean {
  return now >= validUntil * 1000;
}

/**
 * The expiry warning due now, as minutes before expiry, or null. Same rules as shutdown
 * reminders: each offset once, only the latest when several are overdue, none once expired.
 * `lastWarnedOffset` is the offset last sent for THIS validUntil (see formatOffsetRecord; a new
 * validity re-arms the warnings).
 */
export function expiryWarningDue(
  validUntil: number,
  lastWarnedOffset: number | null,
  now: number,
  offsetsMinutes: readonly number[] = DEFAULT_EXPIRY_WARNING_OFFSETS_MINUTES,
): number | null {
  const due = latestDueOffset(validUntil * 1000, offsetsMinutes, now);
  if (due === null || (lastWarnedOffset !== null && lastWarnedOffset <= due)) return null;
  return due;
}

/**
 * The offset last warned about for THIS validUntil, from the `curfew.dev/expiry-warned` record
 * (`<offset>@<valid-until instant>`, see formatOffsetRecord); null when none or for an older
 * validity, so an extension re-arms the warnings.
 */
export function lastExpiryWarning(record: string | undefined, validUntil: number): number | null {
  const parsed = parseOffsetRecord(record);
  return parsed !== null && parsed.deadline === validUntil * 1000 ? parsed.offsetMinutes : null;
}

/** When to look at this object again: the next warning or the expiry itself; null once expired. */
export function nextExpiryCheckAt(
  validUntil: number,
  now: number,
  offsetsMinutes: readonly number[] = DEFAULT_EXPIRY_WARNING_OFFSETS_MINUTES,
): number | null {
  const expiry = validUntil * 1000;
  if (now >= expiry) return null;
  return Math.min(nextOffsetAt(expiry, offsetsMinutes, now) ?? expiry, expiry);
}
