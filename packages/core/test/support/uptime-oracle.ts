/**
 * A brute-force uptime oracle, independent of `src/uptime.ts` and `src/time-zone.ts`: it never
 * turns a local time into an instant. It walks the clock minute by minute, reads each zone's wall
 * clock with its own `Intl.DateTimeFormat`, and decides membership by comparing wall-clock
 * readings — so a bug in Curfew's local→instant resolution cannot hide in the oracle too.
 *
 * The rule it checks (packages/core/README.md "Schedules"): a weekly window on local date `d`
 * opens at the first instant the zone's clock reads `(d, start)` or later, and closes at the first
 * instant it reads the end (`(d, end)`, or `(d + 1, end)` when the end is not after the start)
 * or later. "Has the clock read X or later by now?" is "is the highest reading so far ≥ X?", so
 * the oracle keeps each zone's high-water mark. Equal start and end never opens. Absolute ranges
 * include both ends.
 */

export interface OracleWeekly {
  /** Days the window starts on, 0 = Monday … 6 = Sunday. */
  days: readonly number[];
  /** Minutes after local midnight, 0–1439. */
  start: number;
  /** Minutes after local midnight, 0–1440. */
  end: number;
  zone: string;
}

export interface OracleAbsolute {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, inclusive. */
  end: number;
}

export interface OracleWindows {
  always?: boolean;
  weekly: readonly OracleWeekly[];
  absolute: readonly OracleAbsolute[];
}

/** Uptime is `uptime` minus `downtime` (kube-downscaler's uptime and downtime together). */
export interface OracleSchedule {
  uptime: OracleWindows;
  downtime?: OracleWindows;
}

const MINUTE = 60_000;
const DAY_MINUTES = 1440;
/**
 * A clock never goes back by more than 2 hours in the years tested (Troll), so the high-water
 * mark an instant sees is set within the 3 hours before it.
 */
const WARM_UP = 3 * 60 * MINUTE;

const clocks = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock reading in `zone` at `t` as minutes since 1970-01-01T00:00 on that clock. */
export function wallMinute(t: number, zone: string): number {
  let clock = clocks.get(zone);
  if (clock === undefined) {
    clock = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    clocks.set(zone, clock);
  }
  const n: Record<string, number> = {};
  for (const { type, value } of clock.formatToParts(t)) n[type] = Number(value);
  const dayNumber = Date.UTC(n.year ?? 0, (n.month ?? 1) - 1, n.day ?? 1) / 86_400_000;
  return dayNumber * DAY_MINUTES + (n.hour ?? 0) * 60 + (n.minute ?? 0);
}

/** 1970-01-01 was a Thursday (3 when Monday is 0). */
const weekdayOfDayNumber = (day: number): number => (((day + 3) % 7) + 7) % 7;

function inWeekly(w: OracleWeekly, highWater: number): boolean {
  if (w.start === w.end) return false;
  const today = Math.floor(highWater / DAY_MINUTES);
  for (const day of [today, today - 1]) {
    if (!w.days.includes(weekdayOfDayNumber(day))) continue;
    const opens = day * DAY_MINUTES + w.start;
    const closes = (w.end > w.start ? day : day + 1) * DAY_MINUTES + w.end;
    if (opens <= highWater && highWater < closes) return true;
  }
  return false;
}

function inWindows(ws: OracleWindows, t: number, highWater: Map<string, number>): boolean {
  if (ws.always === true) return true;
  if (ws.absolute.some((a) => a.start <= t && t <= a.end)) return true;
  return ws.weekly.some((w) => inWeekly(w, highWater.get(w.zone) ?? -Infinity));
}

function zonesOf(s: OracleSchedule): string[] {
  return [...new Set([...s.uptime.weekly, ...(s.downtime?.weekly ?? [])].map((w) => w.zone))];
}

function edgesOf(s: OracleSchedule): number[] {
  return [...s.uptime.absolute, ...(s.downtime?.absolute ?? [])].flatMap((a) => [
    a.start,
    a.end + 1,
  ]);
}

/** A minute-by-minute walk over one schedule, starting at `t`. */
class Walk {
  private readonly zones: string[];
  private readonly highWater = new Map<string, number>();
  /** The last whole minute folded into highWater. */
  private minute: number;

  constructor(
    private readonly schedule: OracleSchedule,
    t: number,
  ) {
    this.zones = zonesOf(schedule);
    const first = Math.floor((t - WARM_UP) / MINUTE) * MINUTE;
    this.minute = first - MINUTE;
    this.advanceTo(t);
  }

  /** Folds every whole minute up to `t` into the high-water marks. */
  advanceTo(t: number): void {
    while (this.minute + MINUTE <= t) {
      this.minute += MINUTE;
      for (const zone of this.zones) {
        const reading = wallMinute(this.minute, zone);
        if (reading > (this.highWater.get(zone) ?? -Infinity)) this.highWater.set(zone, reading);
      }
    }
  }

  /** The state at `t`, which must not be before the last advance. */
  uptimeAt(t: number): boolean {
    this.advanceTo(t);
    const up = inWindows(this.schedule.uptime, t, this.highWater);
    const down =
      this.schedule.downtime !== undefined && inWindows(this.schedule.downtime, t, this.highWater);
    return up && !down;
  }
}

export function oracleIsUptime(schedule: OracleSchedule, t: number): boolean {
  return new Walk(schedule, t).uptimeAt(t);
}

/**
 * The first instant after `t` (at most `horizonMs` later) at which the state changes, and the new
 * state; null if it does not change within the horizon. Candidates are every whole minute (all
 * zone transitions and weekly edges fall on one) and every absolute edge.
 */
export function oracleNextBoundary(
  schedule: OracleSchedule,
  t: number,
  horizonMs: number,
): { at: number; uptime: boolean } | null {
  const walk = new Walk(schedule, t);
  const state = walk.uptimeAt(t);
  const edges = edgesOf(schedule)
    .filter((e) => e > t)
    .sort((a, b) => a - b);
  let minute = Math.floor(t / MINUTE) * MINUTE + MINUTE;
  for (;;) {
    const edge = edges[0];
    const next = edge !== undefined && edge < minute ? edge : minute;
    if (next > t + horizonMs) return null;
    if (next === edge) edges.shift();
    if (next === minute) minute += MINUTE;
    const now = walk.uptimeAt(next);
    if (now !== state) return { at: next, uptime: now };
  }
}
