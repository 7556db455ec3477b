import { CurfewInputError } from '../common/errors.js';
import {
  DAY_NAMES,
  SCHEDULE_HINT as HINT,
  type ScheduleDefaults,
  type Weekday,
  type WeeklyWindow,
} from './schedule-types.js';
import { resolveTimeZone } from './time-zone.js';

/**
 * One recurring window: `[days] HH:MM-HH:MM [zone]`. Days and zone may be left out when the
 * cluster sets a default week frame / time zone (kube-downscaler's DEFAULT_WEEKFRAME and
 * DEFAULT_TIMEZONE); kube-downscaler's error when one is missing is kept, with what to do.
 */

const TIME_RANGE = /^(?<start>\d{1,2}:\d{2})-(?<end>\d{1,2}:\d{2})$/;
const DAYS = /^(?<from>[a-z]+)(?:-(?<to>[a-z]+))?$/i;
const FORM = "'<days> <HH:MM>-<HH:MM> <time zone>'";

/** Parses one weekly window; `where` starts its errors (`In the uptime schedule, window 2 ('…')`). */
export function parseWeeklyWindow(
  part: string,
  where: string,
  defaults: ScheduleDefaults,
): WeeklyWindow {
  const tokens = part.split(/\s+/);
  const at = tokens.findIndex((t) => TIME_RANGE.test(t));
  if (at < 0 || at > 1 || tokens.length - at > 2) {
    throw new CurfewInputError(`${where} is not ${FORM}.`, HINT);
  }
  const daysText = at === 1 ? tokens[0] : defaults.weekFrame;
  if (daysText === undefined) {
    throw new CurfewInputError(
      `${where} has no days, and the cluster sets no default week frame.`,
      `Add days, e.g. 'Mon-Fri ${part}', or set the cluster's default week frame (e.g. Mon-Fri). ${HINT}`,
    );
  }
  const zoneText = tokens[at + 1] ?? defaults.timeZone;
  if (zoneText === undefined) {
    throw new CurfewInputError(
      `${where} has no time zone, and the cluster sets no default time zone.`,
      `Add a zone, e.g. '${part} Europe/Berlin', or set the cluster's default time zone. ${HINT}`,
    );
  }
  const { start = '', end = '' } = TIME_RANGE.exec(tokens[at] ?? '')?.groups ?? {};
  return {
    kind: 'weekly',
    days: parseDays(daysText, where),
    startMinute: clockMinute(start, where, false),
    // Equal to the start is allowed and never opens, as in kube-downscaler (`Mon-Tue 19:00-19:00`).
    endMinute: clockMinute(end, where, true),
    timeZone: parseTimeZone(zoneText, where),
  };
}

/** `Mon-Fri`, `Fri-Mon` (wraps the week) or `Sun`, ascending. */
export function parseDays(text: string, where: string): Weekday[] {
  const m = DAYS.exec(text);
  if (!m?.groups) {
    throw new CurfewInputError(
      `${where} has days '${text}', not a day or a range like Mon-Fri.`,
      `Days are ${DAY_NAMES.join(', ')}. ${HINT}`,
    );
  }
  const first = dayIndex(m.groups.from ?? '', where);
  const last = m.groups.to === undefined ? first : dayIndex(m.groups.to, where);
  const days: Weekday[] = [];
  for (let d = first; ; d = ((d + 1) % 7) as Weekday) {
    days.push(d);
    if (d === last) break;
  }
  return days.sort((a, b) => a - b);
}

function dayIndex(name: string, where: string): Weekday {
  const index = DAY_NAMES.findIndex((d) => d.toLowerCase() === name.toLowerCase());
  if (index < 0) {
    throw new CurfewInputError(
      `${where} has an unknown day '${name}'.`,
      `Days are ${DAY_NAMES.join(', ')}. ${HINT}`,
    );
  }
  return index as Weekday;
}

function clockMinute(text: string, where: string, isEnd: boolean): number {
  const [h = '', m = ''] = text.split(':');
  const minutes = Number(m);
  const total = Number(h) * 60 + minutes;
  if (minutes > 59 || total > 1440 || (total === 1440 && !isEnd)) {
    throw new CurfewInputError(
      `${where} has an invalid time '${text}'.`,
      `Times are HH:MM from 00:00 to 23:59 (24:00 only as an end). ${HINT}`,
    );
  }
  return total;
}

/** An IANA name or a fixed offset, canonical; ICU's surprising abbreviations are refused. */
export function parseTimeZone(zone: string, where: string): string {
  const resolved = resolveTimeZone(zone);
  if ('zone' in resolved) return resolved.zone;
  if (resolved.problem === 'abbreviation') {
    throw new CurfewInputError(
      `${where} has the time zone '${zone}', an abbreviation that ICU reads as ${resolved.reading}, which is likely not what you mean.`,
      `Use an IANA name such as Europe/London, or a fixed offset such as +01:00. ${HINT}`,
    );
  }
  throw new CurfewInputError(
    `${where} has an unknown time zone '${zone}'.`,
    `Use an IANA time zone name such as Europe/Berlin, America/New_York or UTC, or a fixed offset such as +05:30. ${HINT}`,
  );
}
