import fc from 'fast-check';
import type {
  OracleAbsolute,
  OracleSchedule,
  OracleWeekly,
  OracleWindows,
} from './uptime-oracle.js';

/**
 * Random schedules as data (for the oracle) and as text (for Curfew's parser), and instants
 * that crowd around daylight-saving changes. Shared by the oracle property test and its bench.
 */

/** Zones whose clocks do what the issue lists, plus plain ones. */
export const ORACLE_ZONES = [
  'Europe/Berlin', // spring gap 02:00→03:00, fall repeat 02:00–03:00
  'America/Los_Angeles',
  'Australia/Lord_Howe', // 30-minute shift
  'Antarctica/Troll', // 2-hour shift
  'America/Santiago', // falls back at 24:00, springs forward at 24:00
  'America/Havana', // changes at midnight
  'Asia/Beirut', // midnight
  'Africa/Cairo', // springs at midnight, falls back at 24:00 (Thursday)
  'America/Nuuk', // Saturday 23:00 does not exist in spring
  'Africa/Casablanca', // goes back an hour for Ramadan
  'Pacific/Chatham', // +12:45 / +13:45
  'America/St_Johns', // -03:30
  'Australia/Adelaide',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'UTC',
] as const;

/** Offset changes of the zones above in 2026–2027 (from Python zoneinfo, tzdata 2025b). */
export const TRANSITIONS = [
  '2026-02-15T02:00Z',
  '2026-03-08T05:00Z',
  '2026-03-08T05:30Z',
  '2026-03-08T10:00Z',
  '2026-03-22T02:00Z',
  '2026-03-28T22:00Z',
  '2026-03-29T01:00Z',
  '2026-04-04T14:00Z',
  '2026-04-04T15:00Z',
  '2026-04-04T16:30Z',
  '2026-04-05T03:00Z',
  '2026-04-23T22:00Z',
  '2026-09-06T04:00Z',
  '2026-09-26T14:00Z',
  '2026-10-03T15:30Z',
  '2026-10-03T16:30Z',
  '2026-10-24T21:00Z',
  '2026-10-25T01:00Z',
  '2026-10-29T21:00Z',
  '2026-11-01T04:30Z',
  '2026-11-01T05:00Z',
  '2026-11-01T09:00Z',
  '2027-03-14T10:00Z',
  '2027-03-28T01:00Z',
  '2027-10-31T01:00Z',
].map((iso) => Date.parse(iso));

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const DAY_MS = 86_400_000;

export const hhmm = (m: number): string =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Minutes of the day, often ones near where clocks change. */
const minuteOfDay = fc.oneof(
  fc.integer({ min: 0, max: 1439 }),
  fc.constantFrom(0, 30, 60, 90, 120, 135, 150, 165, 180, 210, 1380, 1410, 1439),
);

export interface WeeklyDraft extends OracleWeekly {
  text: string;
}

export const weeklyWindow: fc.Arbitrary<WeeklyDraft> = fc
  .record({
    from: fc.integer({ min: 0, max: 6 }),
    to: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
    start: minuteOfDay,
    end: fc.oneof(minuteOfDay, fc.constant(1440)),
    zone: fc.constantFrom(...ORACLE_ZONES),
  })
  .map(({ from, to, start, end, zone }) => {
    const days: number[] = [];
    for (let d = from; ; d = (d + 1) % 7) {
      days.push(d);
      if (d === (to ?? from)) break;
    }
    const dayText = to === undefined ? DAYS[from] : `${DAYS[from]}-${DAYS[to]}`;
    return {
      days,
      start,
      end,
      zone,
      text: `${dayText} ${hhmm(start)}-${hhmm(end)} ${zone}`,
    };
  });

/** kube-downscaler's absolute form, on whole minutes, with a numeric offset. */
export const absoluteWindow: fc.Arbitrary<OracleAbsolute & { text: string }> = fc
  .record({
    startMinute: fc.integer({
      min: Date.parse('2026-01-01T00:00Z') / 60_000,
      max: Date.parse('2027-12-31T00:00Z') / 60_000,
    }),
    lengthMinutes: fc.integer({ min: 0, max: 20 * 1440 }),
    offsetQuarters: fc.integer({ min: -48, max: 56 }),
  })
  .map(({ startMinute, lengthMinutes, offsetQuarters }) => {
    const start = startMinute * 60_000;
    const end = start + lengthMinutes * 60_000;
    return {
      start,
      end,
      text: `${isoWithOffset(start, offsetQuarters)}-${isoWithOffset(end, offsetQuarters)}`,
    };
  });

function isoWithOffset(t: number, quarters: number): string {
  const offset = quarters * 15;
  const local = new Date(t + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  return `${local}${sign}${hhmm(Math.abs(offset))}`;
}

export interface ScheduleDraft {
  oracle: OracleWindows;
  text: string;
}

/** One to three weekly windows, sometimes with an absolute range. */
export const windowsDraft: fc.Arbitrary<ScheduleDraft> = fc
  .record({
    weekly: fc.array(weeklyWindow, { minLength: 1, maxLength: 3 }),
    absolute: fc.array(absoluteWindow, { maxLength: 1 }),
  })
  .map(({ weekly, absolute }) => ({
    oracle: { weekly, absolute },
    text: [...weekly, ...absolute].map((w) => w.text).join(', '),
  }));

export interface OracleDraft {
  oracle: OracleSchedule;
  /** The uptime spec, for parseSchedule. */
  text: string;
  /** kube-downscaler's downtime spec, when the schedule is uptime except downtime. */
  downtimeText?: string;
}

export const scheduleDraft: fc.Arbitrary<OracleDraft> = windowsDraft.map((d) => ({
  oracle: { uptime: d.oracle },
  text: d.text,
}));

/** kube-downscaler's uptime and downtime together; the uptime is sometimes `always`. */
export const exceptDraft: fc.Arbitrary<OracleDraft> = fc
  .tuple(fc.option(windowsDraft, { nil: undefined }), windowsDraft)
  .map(([up, down]) => ({
    oracle: {
      uptime: up?.oracle ?? { always: true, weekly: [], absolute: [] },
      downtime: down.oracle,
    },
    text: up?.text ?? 'always',
    downtimeText: down.text,
  }));

/** Instants in 2026–2027, half of them within nine days of a clock change. */
export const instant: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: Date.parse('2026-01-01T00:00Z'), max: Date.parse('2027-12-31T00:00Z') }),
  fc
    .record({
      transition: fc.constantFrom(...TRANSITIONS),
      delta: fc.integer({ min: -9 * DAY_MS, max: 9 * DAY_MS }),
    })
    .map(({ transition, delta }) => transition + delta),
);
