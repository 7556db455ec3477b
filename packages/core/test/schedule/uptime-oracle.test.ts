import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUptime, parseSchedule } from '../../src/index.js';
import { exceptDraft, instant, scheduleDraft } from '../support/schedule-arbitraries.js';
import {
  type OracleSchedule,
  oracleIsUptime,
  oracleNextBoundary,
} from '../support/uptime-oracle.js';
import { checkAgainstOracle } from '../support/uptime-oracle-check.js';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();
const DAY = 86_400_000;

const weekly = (
  days: number[],
  start: string,
  end: string,
  zone: string,
): OracleSchedule['uptime'] => {
  const minutes = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3));
  return { weekly: [{ days, start: minutes(start), end: minutes(end), zone }], absolute: [] };
};

describe('the brute-force oracle itself', () => {
  it.each([
    {
      name: 'a Berlin window inside the skipped spring hour does not happen that day; the next Sunday it does',
      uptime: weekly([6], '02:00', '02:30', 'Europe/Berlin'),
      from: '2026-03-23T00:00:00Z',
      expected: '2026-04-05T00:00:00.000Z',
    },
    {
      name: 'a Los Angeles window 02:00-03:00 vanishes on spring-forward day and is back a week later',
      uptime: weekly([6], '02:00', '03:00', 'America/Los_Angeles'),
      from: '2026-03-04T16:08:00Z',
      expected: '2026-03-15T09:00:00.000Z',
    },
    {
      name: 'a window ending at a repeated time ends at its first occurrence',
      uptime: weekly([5], '22:00', '02:30', 'Europe/Berlin'),
      from: '2026-10-24T21:00:00Z',
      expected: '2026-10-25T00:30:00.000Z',
    },
    {
      name: 'Saturday 23:00 does not exist in Nuuk in spring, so a window from then to midnight is skipped',
      uptime: weekly([5], '23:00', '24:00', 'America/Nuuk'),
      from: '2026-03-27T00:00:00Z',
      expected: '2026-04-05T00:00:00.000Z',
    },
  ])('$name', ({ uptime, from, expected }) => {
    expect(iso(oracleNextBoundary({ uptime }, at(from), 40 * DAY)?.at)).toBe(expected);
  });

  it('the repeated hour after a Berlin fall-back is not uptime again', () => {
    const uptime = weekly([5], '22:00', '02:30', 'Europe/Berlin');
    // 01:10 UTC is the second time the clock shows 02:10 that night.
    expect(oracleIsUptime({ uptime }, at('2026-10-25T00:10:00Z'))).toBe(true);
    expect(oracleIsUptime({ uptime }, at('2026-10-25T01:10:00Z'))).toBe(false);
  });

  it('an absolute range includes its end instant and nothing after it', () => {
    const uptime = {
      weekly: [],
      absolute: [{ start: at('2026-05-01T10:00:00Z'), end: at('2026-05-01T12:00:00Z') }],
    };
    expect(oracleIsUptime({ uptime }, at('2026-05-01T12:00:00Z'))).toBe(true);
    expect(oracleNextBoundary({ uptime }, at('2026-05-01T11:00:00Z'), DAY)?.at).toBe(
      at('2026-05-01T12:00:00Z') + 1,
    );
  });
});

// CPU-bound: the oracle walks 40 days minute by minute per sample (~0.1 s each alone), so on a
// loaded 2-core CI machine a run can take many times the default 20 s; nothing here is timed.
const ORACLE_TIMEOUT_MS = 180_000;

describe('nextBoundary agrees with the brute-force oracle', { timeout: ORACLE_TIMEOUT_MS }, () => {
  it('for random schedules, zones and instants crowded around clock changes', () => {
    fc.assert(
      fc.property(scheduleDraft, instant, (draft, t) => {
        checkAgainstOracle(draft, t, { horizonMs: 40 * DAY, boundaries: 2 });
      }),
      // The long run (thousands of schedules) is test/bench/core/uptime-oracle.bench.ts.
      { numRuns: 40 },
    );
  });

  it("for kube-downscaler's uptime except downtime", () => {
    fc.assert(
      fc.property(exceptDraft, instant, (draft, t) => {
        checkAgainstOracle(draft, t, { horizonMs: 40 * DAY, boundaries: 2 });
      }),
      { numRuns: 20 },
    );
  });

  it('isUptime agrees with the oracle at random instants', () => {
    fc.assert(
      fc.property(scheduleDraft, instant, (draft, t) => {
        expect(isUptime(parseSchedule(draft.text), t)).toBe(oracleIsUptime(draft.oracle, t));
      }),
      { numRuns: 150 },
    );
  });

  it.each([
    { text: 'Sun 02:00-02:30 Europe/Berlin', from: '2026-03-23T00:00:00Z' },
    { text: 'Sun 02:00-03:00 America/Los_Angeles', from: '2026-03-04T16:08:00Z' },
    {
      text: 'Sun 02:00-03:00 America/Los_Angeles, 2026-06-01T00:00:00+00:00-2026-06-02T00:00:00+00:00',
      from: '2026-03-04T16:08:00Z',
    },
    { text: 'Sun 02:00-02:30 Antarctica/Troll', from: '2026-03-25T00:00:00Z' },
    { text: 'Sun 02:00-02:20 Australia/Lord_Howe', from: '2026-10-01T00:00:00Z' },
    { text: 'Sat 23:00-24:00 America/Nuuk', from: '2026-03-27T00:00:00Z' },
    { text: 'Sat 23:15-23:45 America/Santiago', from: '2026-09-01T00:00:00Z' },
    {
      text: 'Thu 23:30-24:00 Africa/Cairo, Fri 00:00-00:30 Africa/Cairo',
      from: '2026-04-20T00:00:00Z',
    },
  ])('the week a clock change swallows a window: $text from $from', ({ text, from }) => {
    checkAgainstOracle({ text, oracle: draftOracle(text) }, at(from), {
      horizonMs: 40 * DAY,
      boundaries: 3,
    });
  });
});

/** The oracle's view of a few literal schedules above (weekly ones and one absolute range). */
function draftOracle(text: string): OracleSchedule {
  const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const minutes = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3));
  const uptime: {
    weekly: OracleSchedule['uptime']['weekly'][number][];
    absolute: { start: number; end: number }[];
  } = {
    weekly: [],
    absolute: [],
  };
  for (const part of text.split(',').map((p) => p.trim())) {
    const abs = /^(\S+[+-]\d\d:\d\d)-(\S+[+-]\d\d:\d\d)$/.exec(part);
    if (abs) {
      uptime.absolute.push({ start: Date.parse(abs[1] ?? ''), end: Date.parse(abs[2] ?? '') });
      continue;
    }
    const [day = '', range = '', zone = ''] = part.split(' ');
    const [start = '', end = ''] = range.split('-');
    uptime.weekly.push({
      days: [DAY_NAMES.indexOf(day)],
      start: minutes(start),
      end: minutes(end),
      zone,
    });
  }
  return { uptime };
}
