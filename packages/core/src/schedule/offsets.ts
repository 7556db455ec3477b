import { CurfewInputError } from '../common/errors.js';
import { formatInstant, parseInstant } from '../common/instant.js';

/**
 * Warnings "N minutes before a deadline" — shutdown reminders and time-bomb expiry warnings share
 * these rules:
 * - offsets are minutes before the deadline, each sent at most once per deadline;
 * - when several are overdue (the agent was down), only the most recent one (smallest offset) is
 *   sent, so an owner never gets a burst of stale messages;
 * - what was sent is recorded as `<offset>@<deadline>` so a changed deadline re-arms everything.
 */

const MINUTE = 60_000;

/** Validates offsets and returns them largest first. */
export function normalizeOffsets(offsets: readonly number[], what = 'reminder offsets'): number[] {
  if (offsets.length === 0) {
    throw new CurfewInputError(
      `The ${what} are empty.`,
      'Give at least one offset in minutes, e.g. [60, 30, 15].',
    );
  }
  for (const o of offsets) {
    if (!Number.isInteger(o) || o <= 0 || o > 7 * 24 * 60) {
      throw new CurfewInputError(
        `The ${what} contain ${o}, which is not a whole number of minutes between 1 and 10080.`,
        'Give offsets in whole minutes, e.g. [60, 30, 15].',
      );
    }
  }
  return [...new Set(offsets)].sort((a, b) => b - a);
}

/**
 * The offset whose moment has come most recently at `now` (the smallest offset with
 * deadline − offset ≤ now), or null if none has come yet or the deadline has passed.
 */
export function latestDueOffset(
  deadline: number,
  offsets: readonly number[],
  now: number,
): number | null {
  if (now >= deadline) return null;
  let latest: number | null = null;
  for (const o of offsets) {
    if (deadline - o * MINUTE <= now && (latest === null || o < latest)) latest = o;
  }
  return latest;
}

/** The earliest instant after `now` at which another offset comes due, or null. */
export function nextOffsetAt(
  deadline: number,
  offsets: readonly number[],
  now: number,
): number | null {
  let next: number | null = null;
  for (const o of offsets) {
    const at = deadline - o * MINUTE;
    if (at > now && (next === null || at < next)) next = at;
  }
  return next;
}

export interface OffsetRecord {
  offsetMinutes: number;
  /** Epoch ms of the deadline the warning was for. */
  deadline: number;
}

export function formatOffsetRecord(offsetMinutes: number, deadline: number): string {
  return `${offsetMinutes}@${formatInstant(deadline)}`;
}

/** Parses `<offset>@<instant>`; null for missing or malformed values (never throws). */
export function parseOffsetRecord(text: string | undefined): OffsetRecord | null {
  const m = /^(\d+)@(.+)$/.exec(text?.trim() ?? '');
  if (!m) return null;
  const deadline = parseInstant(m[2]);
  if (deadline === null) return null;
  return { offsetMinutes: Number(m[1]), deadline };
}
