import { offsetAt } from './time-zone.js';

/**
 * When a zone's UTC offset changes, found by sampling Intl: ICU has the transitions but Intl does
 * not expose them. Sampling every six hours finds every change of today's rules (the closest
 * two changes of one zone are weeks apart); bisection then pins each to the second, since zone
 * transitions happen on whole seconds. Computed once per zone and UTC year.
 */

const HOUR = 3_600_000;
const STEP = 6 * HOUR;
const cache = new Map<string, readonly number[]>();

function yearStart(year: number): number {
  return Date.UTC(year, 0, 1);
}

/** The instants in the UTC year `year` at which `zone`'s offset changes (its first instant). */
export function offsetChangesInYear(zone: string, year: number): readonly number[] {
  const key = `${zone}|${year}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const changes: number[] = [];
  const end = yearStart(year + 1);
  let t = yearStart(year);
  let offset = offsetAt(t - 1000, zone);
  for (; t <= end; t += STEP) {
    const now = offsetAt(t, zone);
    if (now !== offset) {
      const change = firstWithOffset(t - STEP, t, offset, zone);
      if (change >= yearStart(year) && change < end) changes.push(change);
      offset = now;
    }
  }
  if (cache.size > 500) cache.clear();
  cache.set(key, changes);
  return changes;
}

/** The first instant in (lo, hi] whose offset is not `before`, to the second. */
function firstWithOffset(lo: number, hi: number, before: number, zone: string): number {
  let a = Math.floor(lo / 1000);
  let b = Math.ceil(hi / 1000);
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (offsetAt(mid * 1000, zone) === before) a = mid;
    else b = mid;
  }
  return b * 1000;
}

/** The first offset change of `zone` in (after, limit], or null if there is none. */
export function nextOffsetChange(zone: string, after: number, limit: number): number | null {
  for (let year = new Date(after).getUTCFullYear(); yearStart(year) <= limit; year++) {
    const next = offsetChangesInYear(zone, year).find((c) => c > after);
    if (next !== undefined) return next <= limit ? next : null;
  }
  return null;
}
