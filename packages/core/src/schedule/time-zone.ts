/**
 * Time-zone arithmetic on top of Intl (Node ships full ICU), so no date library is needed.
 * Everything is in epoch milliseconds; "local" values are wall-clock readings in a named zone.
 */

export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const canonicalNames = new Map<string, string | null>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/**
 * ICU's own three-letter zone IDs, inherited from Java: not IANA names, and read surprisingly
 * (`BST` is Asia/Dhaka, not British Summer Time; `IST` is Asia/Calcutta, not Irish or Israel
 * time; `CST` is America/Chicago, not China). kube-downscaler (pytz) refuses them too. The IANA
 * names of three letters or fewer (CET, EET, EST, GMT, HST, MET, MST, PRC, ROC, ROK, UCT, UTC,
 * WET, GB, NZ) are not among them; a test checks this list against ICU.
 */
export const ICU_LEGACY_ZONE_IDS: ReadonlySet<string> = new Set(
  'ACT AET AGT ART AST BET BST CAT CNT CST CTT EAT ECT IET IST JST MIT NET NST PLT PNT PRT PST SST VST'.split(
    ' ',
  ),
);

export type TimeZoneResolution =
  | { zone: string }
  | { problem: 'unknown' }
  /** ICU knows it, but as a legacy abbreviation: `reading` is the zone ICU would pick. */
  | { problem: 'abbreviation'; reading: string };

/**
 * An IANA zone name (any case, links included: `US/Eastern`, `Asia/Calcutta`) or a fixed offset
 * (`+05:30`), as its canonical name; ICU's legacy abbreviations and `SystemV/…` IDs are refused.
 */
export function resolveTimeZone(zone: string): TimeZoneResolution {
  const name = canonicalTimeZone(zone);
  if (name === null) return { problem: 'unknown' };
  const id = zone.trim().toUpperCase();
  if (ICU_LEGACY_ZONE_IDS.has(id) || id.startsWith('SYSTEMV/')) {
    return { problem: 'abbreviation', reading: name };
  }
  return { zone: name };
}

/**
 * The canonical name ICU gives `zone` (`europe/berlin` → `Europe/Berlin`), or null if ICU does
 * not know it. Use resolveTimeZone for user input: this one also accepts ICU's abbreviations.
 */
export function canonicalTimeZone(zone: string): string | null {
  if (zone.trim() === '') return null;
  const cached = canonicalNames.get(zone);
  if (cached !== undefined) return cached;
  let name: string | null;
  try {
    name = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    name = null;
  }
  // Decisions re-parse schedules on every call; creating a DateTimeFormat is the costly part.
  if (canonicalNames.size > 1000) canonicalNames.clear();
  canonicalNames.set(zone, name);
  return name;
}

/** The wall-clock reading in `zone` at instant `t`. */
export function localDateTime(t: number, zone: string): LocalDateTime {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(zone).formatToParts(t)) {
    if (part.type in out) out[part.type as keyof typeof out] = Number(part.value);
  }
  return out;
}

/** UTC offset of `zone` at instant `t` in milliseconds (Berlin in summer: +7_200_000). */
export function offsetAt(t: number, zone: string): number {
  const l = localDateTime(t, zone);
  const wall = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return wall - (t - (((t % 1000) + 1000) % 1000));
}

/** Adds `days` calendar days to a local date (no time zone involved). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Day of week of a local date, 0 = Monday … 6 = Sunday (kube-downscaler's order). */
export function weekdayOf(date: LocalDate): number {
  return (new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7;
}

const instantCache = new Map<string, number>();

/**
 * The instant at which the local clock in `zone`, on local date `date`, first reads
 * `minuteOfDay` (0–1440; 1440 is midnight at the end of the day) or later.
 *
 * This single rule defines the daylight-saving behaviour:
 * - a time that happens twice (fall-back, e.g. 02:30 on the last Sunday of October in Berlin)
 *   resolves to its FIRST occurrence, so a window ending at 02:30 ends once and never re-opens
 *   when the clock goes back;
 * - a time that does not exist (spring-forward, e.g. 02:30 on the last Sunday of March in Berlin)
 *   resolves to the instant the clock jumps past it (03:00 CEST), the first moment "02:30 or later".
 */
export function instantOfLocal(date: LocalDate, minuteOfDay: number, zone: string): number {
  const key = `${zone}|${date.year}-${date.month}-${date.day}|${minuteOfDay}`;
  const cached = instantCache.get(key);
  if (cached !== undefined) return cached;
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MINUTE;
  // Offsets a day either side bracket any single transition near this wall time.
  const before = offsetAt(wall - DAY, zone);
  const after = offsetAt(wall + DAY, zone);
  const candidates = [wall - before, wall - after]
    .filter((t) => t + offsetAt(t, zone) === wall)
    .sort((a, b) => a - b);
  const result = candidates[0] ?? transitionInGap(wall, before, after, zone);
  if (instantCache.size > 50_000) instantCache.clear();
  instantCache.set(key, result);
  return result;
}

/**
 * `wall` lies in a spring-forward gap: find the transition instant (the first instant whose
 * offset is `after`) by bisection over whole seconds; zone transitions happen on whole seconds.
 */
function transitionInGap(wall: number, before: number, after: number, zone: string): number {
  let lo = (wall - after) / 1000; // still on the old offset
  let hi = (wall - before) / 1000; // already on the new offset
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid * 1000, zone) === before) lo = mid;
    else hi = mid;
  }
  return hi * 1000;
}
