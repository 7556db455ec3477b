/**
 * The shape of a parsed uptime schedule (see schedule.ts for the text format). Kept apart from
 * the parsers so the window parsers and uptime.ts share it without importing each other.
 */

/** 0 = Monday … 6 = Sunday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface WeeklyWindow {
  kind: 'weekly';
  /** The days on which the window STARTS, ascending. */
  days: readonly Weekday[];
  /** Minutes after local midnight, 0–1439. */
  startMinute: number;
  /**
   * Minutes after local midnight, 0–1440; below startMinute means "next day"; equal to
   * startMinute means the window never opens (kube-downscaler's `Mon-Mon 00:00-00:00`).
   */
  endMinute: number;
  /** Canonical IANA zone name, or a fixed offset such as `+05:30`. */
  timeZone: string;
}

export interface AbsoluteWindow {
  kind: 'absolute';
  /** Epoch ms, inclusive. */
  start: number;
  /**
   * Epoch ms, exclusive: one millisecond after the written end, because kube-downscaler counts
   * the end instant itself as inside the range.
   */
  end: number;
}

export type ScheduleWindow = WeeklyWindow | AbsoluteWindow;

export type Schedule =
  | { kind: 'always'; source: string }
  | { kind: 'never'; source: string }
  | { kind: 'windows'; source: string; windows: readonly ScheduleWindow[] }
  /** Uptime except downtime: kube-downscaler's `downscaler/uptime` with `downscaler/downtime`. */
  | { kind: 'except'; source: string; uptime: Schedule; downtime: Schedule };

/**
 * What completes a window written without days or without a zone, as kube-downscaler's
 * DEFAULT_WEEKFRAME and DEFAULT_TIMEZONE do (`08:00-20:00` → `Mon-Fri 08:00-20:00 Europe/Paris`).
 */
export interface ScheduleDefaults {
  /** Days such as `Mon-Fri` or `Sun`. */
  weekFrame?: string | undefined;
  /** An IANA zone name or a fixed offset. */
  timeZone?: string | undefined;
}

export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export const SCHEDULE_FORMS =
  "'always', 'never', or comma-separated windows like 'Mon-Fri 08:00-19:00 Europe/Berlin' " +
  '(days Mon…Sun or a range, HH:MM-HH:MM, an IANA time zone), or an absolute range like ' +
  "'2026-11-01T08:00:00+01:00-2026-11-01T19:00:00+01:00'";

export const SCHEDULE_HINT = `Write ${SCHEDULE_FORMS}.`;
