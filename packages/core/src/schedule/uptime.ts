import type { Schedule, ScheduleWindow, WeeklyWindow } from './schedule-types.js';
import { addDays, instantOfLocal, localDateTime, weekdayOf } from './time-zone.js';
import { nextOffsetChange } from './zone-transitions.js';

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
/** How far nextBoundary looks at once: more than a week, so a weekly pattern shows every edge. */
const CHUNK = 8 * DAY;
/**
 * How far a clock change reaches: an instance starts on a local date and lasts at most a day and
 * a shift, and instantOfLocal reads offsets a day either side, so instances more than this away
 * from a change repeat exactly every week.
 */
const REACH = 3 * DAY;
/** A year and a chunk without an edge covers every yearly clock rule: the state is settled. */
const SETTLE = 366 * DAY + CHUNK;

/**
 * The instances of a weekly window that can overlap [from, to]. An instance starts on each listed
 * local day and lasts at most a local day plus a DST shift, so two days of look-behind suffice.
 * An instance can be empty on a spring-forward day (`02:00-02:30` in Berlin) and is dropped then.
 */
function weeklyInstances(w: WeeklyWindow, from: number, to: number): Interval[] {
  const out: Interval[] = [];
  if (w.startMinute === w.endMinute) return out;
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

function merge(intervals: Interval[]): Interval[] {
  intervals.sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const i of intervals) {
    const prev = merged.at(-1);
    if (prev !== undefined && i.start <= prev.end) prev.end = Math.max(prev.end, i.end);
    else merged.push({ ...i });
  }
  return merged;
}

/** `a` minus `b`, both sorted and merged. */
function subtract(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const i of a) {
    let start = i.start;
    for (const cut of b) {
      if (cut.end <= start || cut.start >= i.end) continue;
      if (cut.start > start) out.push({ start, end: cut.start });
      start = Math.max(start, cut.end);
    }
    if (start < i.end) out.push({ start, end: i.end });
  }
  return out;
}

function windowIntervals(w: ScheduleWindow, from: number, to: number): Interval[] {
  if (w.kind === 'weekly') return weeklyInstances(w, from, to);
  return w.end >= from - DAY && w.start <= to + DAY ? [{ start: w.start, end: w.end }] : [];
}

/**
 * Uptime of a schedule around [from, to] as sorted, merged (non-touching) intervals.
 * Edges that fall inside [from, to] are exact; the first and last interval may extend further
 * than shown.
 */
export function uptimeIntervals(schedule: Schedule, from: number, to: number): Interval[] {
  switch (schedule.kind) {
    case 'never':
      return [];
    case 'always':
      return [{ start: -Infinity, end: Infinity }];
    case 'windows':
      return merge(schedule.windows.flatMap((w) => windowIntervals(w, from, to)));
    case 'except':
      return subtract(
        uptimeIntervals(schedule.uptime, from, to),
        uptimeIntervals(schedule.downtime, from, to),
      );
  }
}

/** Whether instant `t` is uptime. Window starts are inclusive, ends exclusive. */
export function isUptime(schedule: Schedule, t: number): boolean {
  if (schedule.kind === 'always' || schedule.kind === 'never') return schedule.kind === 'always';
  return uptimeIntervals(schedule, t, t).some((i) => i.start <= t && t < i.end);
}

function windowsOf(schedule: Schedule): ScheduleWindow[] {
  if (schedule.kind === 'windows') return [...schedule.windows];
  if (schedule.kind === 'except')
    return [...windowsOf(schedule.uptime), ...windowsOf(schedule.downtime)];
  return [];
}

/** The first edge in (from, to], from the exact part of uptimeIntervals. */
function firstEdge(schedule: Schedule, from: number, to: number): Boundary | null {
  for (const i of uptimeIntervals(schedule, from, to)) {
    if (i.start > from && i.start <= to) return { at: i.start, uptime: true };
    if (i.end > from && i.end <= to) return { at: i.end, uptime: false };
  }
  return null;
}

/**
 * The first instant > t at which uptime changes, and the state from then on; null when it never
 * changes again (`always`, `never`, a weekly pattern covering the whole week, past absolute ranges).
 *
 * Between clock changes of its zones and away from its absolute edges, a schedule repeats every
 * week: if eight days there show no edge, none comes until the next such event, so the scan jumps
 * to just before it. A clock change can swallow a window for one week only (`Sun 02:00-02:30`
 * in Berlin on spring-forward day), which is why the scan never stops at an edge-less week near
 * a change. Once a year past the last absolute edge has shown no edge, none ever comes.
 */
export function nextBoundary(schedule: Schedule, t: number): Boundary | null {
  if (schedule.kind === 'always' || schedule.kind === 'never') return null;
  const windows = windowsOf(schedule);
  const zones = [...new Set(windows.flatMap((w) => (w.kind === 'weekly' ? [w.timeZone] : [])))];
  const edges = windows
    .flatMap((w) => (w.kind === 'absolute' ? [w.start, w.end] : []))
    .sort((a, b) => a - b);
  const settled = Math.max(t, edges.at(-1) ?? t) + SETTLE;
  let from = t;
  for (;;) {
    const to = from + CHUNK;
    const edge = firstEdge(schedule, from, to);
    if (edge !== null) return edge;
    if (to >= settled) return null;
    const since = from - REACH;
    const nextEvent = Math.min(
      settled,
      edges.find((e) => e > since) ?? Infinity,
      ...zones.map((z) => nextOffsetChange(z, since, settled) ?? Infinity),
    );
    from = Math.max(nextEvent - REACH, to);
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
