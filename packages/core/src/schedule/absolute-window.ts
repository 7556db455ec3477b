import { CurfewInputError } from '../common/errors.js';
import { type AbsoluteWindow, SCHEDULE_HINT as HINT } from './schedule-types.js';

/**
 * kube-downscaler's absolute range `<ISO>-<ISO>`, e.g.
 * `2026-11-01T08:00:00+01:00-2026-11-01T19:00:00+01:00`. Curfew also takes `Z`, no seconds and
 * fractions of a second; an offset or `Z` is always required (a bare local time has no instant).
 * Both ends are inside the range, as in kube-downscaler (`from <= now <= to`).
 */

const ISO = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:\\d{2})';
const ABSOLUTE = new RegExp(`^(?<from>${ISO})-(?<to>${ISO})$`, 'i');

/** Null when `part` is not shaped like an absolute range (so it is read as a weekly window). */
export function parseAbsoluteWindow(part: string, where: string): AbsoluteWindow | null {
  const groups = ABSOLUTE.exec(part)?.groups;
  if (groups === undefined) return null;
  const start = Date.parse(groups.from ?? '');
  const end = Date.parse(groups.to ?? '');
  if (Number.isNaN(start) || Number.isNaN(end) || !realDate(groups.from) || !realDate(groups.to)) {
    throw new CurfewInputError(`${where} has an invalid date or time.`, HINT);
  }
  if (end < start) {
    throw new CurfewInputError(
      `${where} ends before it starts.`,
      `Put the earlier time first. ${HINT}`,
    );
  }
  return { kind: 'absolute', start, end: end + 1 };
}

/** Date.parse rolls 2026-02-30 over to March; a schedule with such a date is a typo. */
function realDate(iso: string | undefined): boolean {
  const [y = 0, m = 0, d = 0] = (iso ?? '').slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
