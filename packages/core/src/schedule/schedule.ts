import { CurfewInputError } from '../common/errors.js';
import { refuseOverlong } from '../common/input-limit.js';
import { parseAbsoluteWindow } from './absolute-window.js';
import {
  SCHEDULE_HINT as HINT,
  type Schedule,
  type ScheduleDefaults,
  type ScheduleWindow,
} from './schedule-types.js';
import { parseDays, parseTimeZone, parseWeeklyWindow } from './weekly-window.js';

/**
 * Uptime schedules in kube-downscaler's format, e.g. `Mon-Fri 08:00-19:00 Europe/Berlin`.
 *
 * - Several windows are separated by commas; uptime is their union. `always` in a list makes the
 *   whole schedule `always`, `never` in a list adds nothing (kube-downscaler refuses both there).
 * - Days: Mon Tue Wed Thu Fri Sat Sun, a single day or a range; a range may wrap the week
 *   (`Fri-Mon` = Fri, Sat, Sun, Mon). Without days the cluster's default week frame applies.
 * - Times are HH:MM local wall-clock time in the named zone; `24:00` is allowed as an end.
 *   If the end is earlier than the start (`22:00-06:00`) the window starts on each listed day and
 *   ends on the following day. Equal start and end never opens, as in kube-downscaler.
 * - The zone is an IANA name or a fixed offset; without one the cluster's default zone applies.
 * - `always` and `never` (case-insensitive) are the constant schedules.
 * - Absolute ranges as kube-downscaler writes them, both ends included:
 *   `2026-11-01T08:00:00+01:00-2026-11-01T19:00:00+01:00` (offset or `Z` required).
 * See time-zone.ts `instantOfLocal` for what daylight-saving changes do to window edges, and
 * packages/core/README.md "kube-downscaler → Curfew" for every difference from kube-downscaler.
 */
export function parseSchedule(text: string, defaults: ScheduleDefaults = {}): Schedule {
  refuseOverlong(text, 'uptime schedule', HINT);
  const source = text.trim();
  if (source === '') throw new CurfewInputError('The uptime schedule is empty.', HINT);
  const windows: ScheduleWindow[] = [];
  let always = false;
  source.split(',').forEach((raw, index) => {
    const part = raw.trim();
    const where = `In the uptime schedule, window ${index + 1} ('${part}')`;
    if (part === '') {
      throw new CurfewInputError(
        `The uptime schedule has an empty window ${index + 1} (a stray comma?).`,
        HINT,
      );
    }
    const constant = part.toLowerCase();
    if (constant === 'always') always = true;
    if (constant === 'always' || constant === 'never') return;
    const window = parseAbsoluteWindow(part, where) ?? parseWeeklyWindow(part, where, defaults);
    // A window that never opens (equal start and end) is dropped, so `never` is recognised.
    if (window.kind === 'absolute' || window.startMinute !== window.endMinute) windows.push(window);
  });
  if (always) return { kind: 'always', source };
  if (windows.length === 0) return { kind: 'never', source };
  return { kind: 'windows', source, windows };
}

/**
 * Checks the cluster's defaults once (agent start-up): a bad default would otherwise make every
 * schedule that needs it invalid. Returns them canonical (`europe/paris` → `Europe/Paris`).
 */
export function validateScheduleDefaults(defaults: ScheduleDefaults): ScheduleDefaults {
  const { weekFrame, timeZone } = defaults;
  if (weekFrame !== undefined) parseDays(weekFrame.trim(), "The cluster's default week frame");
  return {
    weekFrame: weekFrame?.trim(),
    timeZone:
      timeZone === undefined
        ? undefined
        : parseTimeZone(timeZone.trim(), "The cluster's default time zone"),
  };
}
