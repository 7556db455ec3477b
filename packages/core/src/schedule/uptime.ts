import type { Schedule, WeeklyWindow } from './schedule.js';
import { addDays, instantOfLocal, localDateTime, weekdayOf } from './time-zone.js';

/** Half-open interval of epoch ms: start inclusive, end exclusive. */
export interface Interval {
  start: number;
  end: number;
}

export interface Boundary {
  /** The first instant at which the new state holds. */
  at: number;
  /** Whether it is uptime from `at` on. */
  uptime: boolean;
}

const DAY = 86_400_000;
/** Longer than a week plus a DST shift: a weekly pattern without an edge in here has none. */
const CHUNK = 8 * DAY;

/**
 * The instances of a weekly window that can overlap [from, to]. An instance starts on each listed
 * local day and lasts at most a local day plus a DST shift, so two days of look-behind suffice.
 * An instance can be empty on a spring-forward day (`02:00-02:30` in Berlin) and is dropped then.
 */
function weeklyInstances(w: WeeklyWindow, from: number, to: number): Interval[] {
  const out: Interval[] = [];
  const last = addDays(localDateTime(to, w.timeZone), 1);
  const lastKey = Date.UTC(last.year, last.month - 1, last.day);
  for (
    let date = addDays(localDateTime(from, w.timeZone), -2);
    Date.UTC(date.year, date.month - 1, date.day) <= lastKey;
    date = addDays(date, 1)
  ) {
    if (!w.days.includes(weekdayOf(date) as WeeklyWindow['days'][number])) continue;
    const start = instantOfLocal(date, w.startMinute, w.timeZone);
    const endDate = w.endMinute < w.startMinute ? addDays(date, 1) : date;
    const end = instantOfLocal(endDate, w.endMinute, w.timeZone);
    if (end > start) out.push({ start, end });
  }
  return out;
}

/**
 * Uptime of a windows schedule around [from, to] as sorted, merged (non-touching) intervals.
 * Edges that fall inside [from, to] are exact; the first and last interval may extend further
 * than shown.
 */
export function uptimeIntervals(schedule: Schedule, from: number, to: number): Interval[] {
  if (schedule.kind === 'never') return [];
  if (schedule.kind === 'always') return [{ start: -Infinity, end: Infinity }];
  const all: Interval[] = [];
  for (const w of schedule.windows) {
    if (w.kind === 'weekly') all.push(...weeklyInstances(w, from, to));
    else if (w.end >= from - DAY && w.start <= to + DAY) all.push({ start: w.start, end: w.end });
  }
  all.sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const i of all) {
    const prev = merged.at(-1);
    if (prev !== undefined && i.start <= prev.end) prev.end = Math.max(prev.end, i.end);
    else merged.push({ ...i });
  }
  return merged;
}

/** Whether instant `t` is uptime. Window starts are inclusive, ends exclusive. */
export function isUptime(schedule: Schedule, t: number): boolean {
  if (schedule.kind !== 'windows') return schedule.kind === 'always';
  return uptimeIntervals(schedule, t, t).some((i) => i.start <= t && t < i.end);
}

/**
 * The first instant > t at which uptime changes, and the state from then on; null when it never
 * changes again (`always`, `never`, a weekly pattern covering the whole week, past absolute ranges).
 */
export function nextBoundary(schedule: Schedule, t: number): Boundary | null {
  if (schedule.kind !== 'windows') return null;
  const absoluteEdges = schedule.windows
    .flatMap((w) => (w.kind === 'absolute' ? [w.start, w.end] : []))
    .sort((a, b) => a - b);
  let from = t;
  for (;;) {
    const to = from + CHUNK;
    for (const i of uptimeIntervals(schedule, from, to)) {
      // Only edges inside (from, to] are exact (see uptimeIntervals); from >= t.
      if (i.start > from && i.start <= to) return { at: i.start, uptime: true };
      if (i.end > from && i.end <= to) return { at: i.end, uptime: false };
    }
    // No change for 8 days. Unless an absolute range starts or ends in that span, the weekly part
    // is constant (covers everything or nothing) until the next absolute edge, so jump there.
    const inChunk = absoluteEdges.some((e) => e > from && e <= to);
    if (inChunk) {
      from = to;
      continue;
    }
    const next = absoluteEdges.find((e) => e > to);
    if (next === undefined) return null;
    from = next - 1;
  }
}

/** The first instant > t at which an uptime window begins, or null if none ever does. */
export function nextUptimeStart(schedule: Schedule, t: number): number | null {
  let b = nextBoundary(schedule, t);
  while (b !== null && !b.uptime) b = nextBoundary(schedule, b.at);
  return b?.at ?? null;
}

/**
 * When the schedule wants a namespace down, looking from t: t itself if t is outside uptime,
 * else the end of the uptime stretch containing t; null if that stretch never ends (`always`).
 */
export function uptimeEndFrom(schedule: Schedule, t: number): number | null {
  if (!isUptime(schedule, t)) return t;
  return nextBoundary(schedule, t)?.at ?? null;
}
