import { CurfewInputError } from '../common/errors.js';
import { refuseOverlong } from '../common/input-limit.js';

/**
 * SKUs name what a workload belongs to as a path, `/tribe/squad/app`, so validity can be extended
 * for a whole subtree at once (`/devenv extend /tribe/squad 60m`).
 */
export interface Sku {
  /** Normalised text, e.g. `/tribe/squad/app`. */
  path: string;
  segments: readonly string[];
}

const SEGMENT = /^[a-z0-9._-]+$/;
const HINT =
  "Write a path like /tribe/squad/app: it starts with '/', and each segment has only lower-case " +
  "letters, digits, '-', '_' and '.', and is not only dots.";

/** Parses an SKU (surrounding whitespace ignored); throws CurfewInputError saying what is wrong. */
export function parseSku(text: string): Sku {
  refuseOverlong(text, 'SKU', HINT);
  const path = text.trim();
  if (path === '') throw new CurfewInputError('The SKU is empty.', HINT);
  if (!path.startsWith('/')) {
    throw new CurfewInputError(`The SKU '${path}' does not start with '/'.`, HINT);
  }
  const segments = path.slice(1).split('/');
  segments.forEach((segment, i) => {
    if (segment === '') {
      throw new CurfewInputError(
        `The SKU '${path}' has an empty segment ${i + 1} ('//' or a trailing '/').`,
        HINT,
      );
    }
    // `.` and `..` read as path steps: `/..` would otherwise be a valid SKU matching `/../x`.
    if (/^\.+$/.test(segment)) {
      throw new CurfewInputError(
        `In the SKU '${path}', segment '${segment}' is only dots: '.' and '..' are path steps, not names.`,
        HINT,
      );
    }
    if (!SEGMENT.test(segment)) {
      const problem = /[A-Z]/.test(segment)
        ? 'upper-case letters'
        : `'${/[^a-z0-9._-]/.exec(segment)?.[0]}'`;
      throw new CurfewInputError(`The SKU '${path}' has ${problem} in segment '${segment}'.`, HINT);
    }
  });
  return { path, segments };
}

function trySku(text: string): Sku | null {
  try {
    return parseSku(text);
  } catch {
    return null;
  }
}

/**
 * Segment-wise prefix match: `/tribe` matches `/tribe` and `/tribe/a`, never `/tribes`.
 * Never throws; false if either side is not a valid SKU (validate user input with parseSku).
 */
export function skuMatchesPrefix(prefix: string, sku: string): boolean {
  const p = trySku(prefix);
  const s = trySku(sku);
  if (p === null || s === null || p.segments.length > s.segments.length) return false;
  return p.segments.every((segment, i) => s.segments[i] === segment);
}
