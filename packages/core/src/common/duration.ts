import { CurfewInputError } from './errors.js';
import { refuseOverlong } from './input-limit.js';

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;
/** Longer than this is surely a typo (`100d` meant `10d`); a time bomb or snooze is not a year. */
export const MAX_DURATION_MS = 365 * DAY_MS;

const UNITS = [
  { unit: 'w', ms: WEEK_MS },
  { unit: 'd', ms: DAY_MS },
  { unit: 'h', ms: HOUR_MS },
  { unit: 'm', ms: MINUTE_MS },
  { unit: 's', ms: SECOND_MS },
] as const;

export const DURATION_FORMS =
  'a number and a unit (w, d, h, m, s), largest unit first: 90s, 15m, 1h30m, 3d, 1w';
const HINT = `Write ${DURATION_FORMS}.`;

/**
 * Parses a human duration (`90s`, `15m`, `1h30m`, `1d12h`, `1w`) into milliseconds.
 * Case-insensitive; surrounding whitespace is ignored. Units must appear at most once and largest
 * first, so `30m1h` and `1h1h` are rejected rather than silently summed: they are usually typos.
 * Throws CurfewInputError for empty, zero, negative, unit-less, unknown-unit or > 1 year input.
 */
export function parseDuration(text: string): number {
  refuseOverlong(text, 'duration', HINT);
  const input = text.trim().toLowerCase();
  if (input === '') {
    throw new CurfewInputError('The duration is empty.', HINT);
  }
  if (input.startsWith('-')) {
    throw new CurfewInputError(`The duration '${text.trim()}' is negative.`, HINT);
  }
  if (/^\d+$/.test(input)) {
    throw new CurfewInputError(
      `The duration '${input}' has no unit.`,
      `Add a unit, e.g. ${input}m or ${input}h. ${HINT}`,
    );
  }
  // `s`: a line break is a stray character too, never silently skipped (`1m\n1s` is not 61 s).
  const parts = [...input.matchAll(/(\d+)([a-z]+)|(.)/gs)];
  let total = 0;
  let lastRank = -1;
  for (const part of parts) {
    const [, digits, unit, stray] = part;
    if (stray !== undefined || digits === undefined || unit === undefined) {
      throw new CurfewInputError(
        `The duration '${text.trim()}' contains ${describeCharacter(stray ?? '')}, which is not part of a duration.`,
        HINT,
      );
    }
    const rank = UNITS.findIndex((u) => u.unit === unit);
    const spec = UNITS[rank];
    if (spec === undefined) {
      throw new CurfewInputError(
        `The duration '${text.trim()}' has an unknown unit '${unit}'.`,
        HINT,
      );
    }
    if (rank <= lastRank) {
      throw new CurfewInputError(
        `The duration '${text.trim()}' repeats a unit or lists them out of order.`,
        HINT,
      );
    }
    lastRank = rank;
    total += Number(digits) * spec.ms;
  }
  if (total === 0) {
    throw new CurfewInputError(`The duration '${text.trim()}' is zero.`, HINT);
  }
  if (!Number.isSafeInteger(total) || total > MAX_DURATION_MS) {
    throw new CurfewInputError(
      `The duration '${text.trim()}' is longer than a year.`,
      `Use at most 365d (52w1d). ${HINT}`,
    );
  }
  return total;
}

/** A character as a person would name it in an error: `' '`, `a line break`, `a tab`. */
function describeCharacter(c: string): string {
  if (c === '\n' || c === '\r') return 'a line break';
  if (c === '\t') return 'a tab';
  return `'${c}'`;
}

/**
 * Canonical text for a duration, largest unit first (`5400000` → `1h30m`). Sub-second remainders
 * are dropped; zero is `0s`. The inverse of parseDuration for whole seconds.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`formatDuration needs a non-negative finite number, got ${ms}`);
  }
  let rest = Math.floor(ms / SECOND_MS) * SECOND_MS;
  if (rest === 0) return '0s';
  let out = '';
  for (const { unit, ms: size } of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}
