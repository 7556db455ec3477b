import { CurfewInputError } from '../common/errors.js';
import { canonicalTimeZone } from './time-zone.js';

/**
 * Uptime schedules in kube-downscaler's format, e.g. `Mon-Fri 08:00-19:00 Europe/Berlin`.
 *
 * - Several windows are separated by commas; uptime is their union.
 * - Days: Mon Tue Wed Thu Fri Sat Sun, a single day or a range; a range may wrap the week
 *   (`Fri-Mon` = Fri, Sat, Sun, Mon).
 * - Times are HH:MM local wall-clock time in the named IANA zone; `24:00` is allowed as an end.
 *   If the end is earlier than the start (`22:00-06:00`) the window starts on each listed day and
 *   ends on the following day. Equal start and end is rejected (an empty window is a typo).
 * - `always` and `never` (case-insensitive) are the constant schedules.
 * - Absolute ranges as kube-downscaler writes them:
 *   `2026-11-01T08:00:00+01:00-2026-11-01T19:00:00+01:00` (offset or `Z` required).
 * See time-zone.ts `instantOfLocal` for what daylight-saving changes do to window edges.
 */

/** 0 = Monday … 6 = Sunday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface WeeklyWindow {
  kind: 'weekly';
  /** The days on which the window STARTS, ascending. */
  days: readonly Weekday[];
  /** Minutes after local midnight, 0–1439. */
  startMinute: number;
  /** Minutes after local midnight, 1–1440; below startMinute means "next day". */
  endMinute: number;
  /** Canonical IANA zone name. */
  timeZone: string;
}

export interface AbsoluteWindow {
  kind: 'absolute';
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
}

export type ScheduleWindow = WeeklyWindow | AbsoluteWindow;

export type Schedule =
  | { kind: 'always'; source: string }
  | { kind: 'never'; source: string }
  | { kind: 'windows'; source: string; windows: readonly ScheduleWindow[] };

export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export const SCHEDULE_FORMS =
  "'always', 'never', or comma-separated windows like 'Mon-Fri 08:00-19:00 Europe/Berlin' " +
  '(days Mon…Sun or a range, HH:MM-HH:MM, an IANA time zone), or an absolute range like ' +
  "'2026-11-01T08:00:00+01:00-2026-11-01T19:00:00+01:00'";
const HINT = `Write ${SCHEDULE_FORMS}.`;

const WEEKLY =
  /^(?<from>[a-z]{3})(?:-(?<to>[a-z]{3}))?\s+(?<start>\d{1,2}:\d{2})-(?<end>\d{1,2}:\d{2})\s+(?<zone>\S+)$/i;
const ISO = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:\\d{2})';
const ABSOLUTE = new RegExp(`^(?<from>${ISO})-(?<to>${ISO})$`, 'i');

/** Parses a schedule; throws CurfewInputError naming the bad part. */
export function parseSchedule(text: string): Schedule {
  const source = text.trim();
  const lower = source.toLowerCase();
  if (lower === 'always' || lower === 'never') return { kind: lower, source };
  if (source === '') throw new CurfewInputError('The uptime schedule is empty.', HINT);
  const windows = source.split(',').map((part, index) => parseWindow(part.trim(), index));
  return { kind: 'windows', source, windows };
}

function parseWindow(part: string, index: number): ScheduleWindow {
  const where = `window ${index + 1} ('${part}')`;
  if (part === '') {
    throw new CurfewInputError(
      `The uptime schedule has an empty window ${index + 1} (a stray comma?).`,
      HINT,
    );
  }
  if (/^(always|never)$/i.test(part)) {
    throw new CurfewInputError(
      `In the uptime schedule, '${part}' cannot be combined with other windows.`,
      HINT,
    );
  }
  const absolute = ABSOLUTE.exec(part);
  if (absolute?.groups) return parseAbsolute(absolute.groups, where);
  const m = WEEKLY.exec(part);
  if (!m?.groups) {
    throw new CurfewInputError(
      `In the uptime schedule, ${where} is not '<days> <HH:MM>-<HH:MM> <time zone>'.`,
      HINT,
    );
  }
  const { from = '', to, start = '', end = '', zone = '' } = m.groups;
  const first = dayIndex(from, where);
  const last = to === undefined ? first : dayIndex(to, where);
  const days: Weekday[] = [];
  for (let d = first; ; d = (d + 1) % 7) {
    days.push(d as Weekday);
    if (d === last) break;
  }
  days.sort((a, b) => a - b);
  const startMinute = clockMinute(start, where, false);
  const endMinute = clockMinute(end, where, true);
  if (startMinute === endMinute) {
    throw new CurfewInputError(
      `In the uptime schedule, ${where} starts and ends at the same time.`,
      `For a whole day write 00:00-24:00; for no uptime write 'never'. ${HINT}`,
    );
  }
  const timeZone = canonicalTimeZone(zone);
  if (timeZone === null) {
    throw new CurfewInputError(
      `In the uptime schedule, ${where} has an unknown time zone '${zone}'.`,
      `Use an IANA time zone name such as Europe/Berlin, America/New_York or UTC. ${HINT}`,
    );
  }
  return { kind: 'weekly', days, startMinute, endMinute, timeZone };
}

function dayIndex(name: string, where: string): Weekday {
  const index = DAY_NAMES.findIndex((d) => d.toLowerCase() === name.toLowerCase());
  if (index < 0) {
    throw new CurfewInputError(
      `In the uptime schedule, ${where} has an unknown day '${name}'.`,
      `Days are ${DAY_NAMES.join(', ')}. ${HINT}`,
    );
  }
  return index as Weekday;
}

function clockMinute(text: string, where: string, isEnd: boolean): number {
  const [h = '', m = ''] = text.split(':');
  const hours = Number(h);
  const minutes = Number(m);
  const total = hours * 60 + minutes;
  if (minutes > 59 || total > 1440 || (total === 1440 && !isEnd)) {
    throw new CurfewInputError(
      `In the uptime schedule, ${where} has an invalid time '${text}'.`,
      `Times are HH:MM from 00:00 to 23:59 (24:00 only as an end). ${HINT}`,
    );
  }
  return total;
}

function parseAbsolute(groups: Record<string, string | undefined>, where: string): AbsoluteWindow {
  const start = Date.parse(groups.from ?? '');
  const end = Date.parse(groups.to ?? '');
  if (Number.isNaN(start) || Number.isNaN(end) || !realDate(groups.from) || !realDate(groups.to)) {
    throw new CurfewInputError(
      `In the uptime schedule, ${where} has an invalid date or time.`,
      HINT,
    );
  }
  if (end <= start) {
    throw new CurfewInputError(
      `In the uptime schedule, ${where} ends before it starts.`,
      `Put the earlier time first. ${HINT}`,
    );
  }
  return { kind: 'absolute', start, end };
}

/** Date.parse rolls 2026-02-30 over to March; a schedule with such a date is a typo. */
function realDate(iso: string | undefined): boolean {
  const [y = 0, m = 0, d = 0] = (iso ?? '').slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
