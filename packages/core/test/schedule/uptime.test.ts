import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../../src/schedule/schedule.js';
import {
  isUptime,
  nextBoundary,
  nextUptimeStart,
  uptimeEndFrom,
  uptimeIntervals,
} from '../../src/schedule/uptime.js';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();

/** The boundaries after `from`, as ISO strings with the state after each. */
function boundaries(text: string, from: string, count: number): string[] {
  const schedule = parseSchedule(text);
  const out: string[] = [];
  let t = at(from);
  for (let i = 0; i < count; i++) {
    const b = nextBoundary(schedule, t);
    if (b === null) break;
    out.push(`${iso(b.at)} ${b.uptime ? 'up' : 'down'}`);
    t = b.at;
  }
  return out;
}

describe('isUptime', () => {
  it.each([
    {
      name: 'a Wednesday noon in Berlin is business hours',
      schedule: 'Mon-Fri 08:00-19:00 Europe/Berlin',
      t: '2026-11-04T11:00:00Z',
      up: true,
    },
    {
      name: 'the window start is inclusive',
      schedule: 'Mon-Fri 08:00-19:00 Europe/Berlin',
      t: '2026-11-04T07:00:00Z',
      up: true,
    },
    {
      name: 'the window end is exclusive',
      schedule: 'Mon-Fri 08:00-19:00 Europe/Berlin',
      t: '2026-11-04T18:00:00Z',
      up: false,
    },
    {
      name: 'a Saturday is not business hours',
      schedule: 'Mon-Fri 08:00-19:00 Europe/Berlin',
      t: '2026-11-07T11:00:00Z',
      up: false,
    },
    {
      name: 'the lunch gap between two windows is downtime',
      schedule: 'Mon-Fri 08:00-12:00 Europe/Berlin, Mon-Fri 13:00-19:00 Europe/Berlin',
      t: '2026-11-04T11:30:00Z',
      up: false,
    },
    {
      name: 'the afternoon window of two is uptime',
      schedule: 'Mon-Fri 08:00-12:00 Europe/Berlin, Mon-Fri 13:00-19:00 Europe/Berlin',
      t: '2026-11-04T12:30:00Z',
      up: true,
    },
    {
      name: 'a night window is up after midnight on the following day',
      schedule: 'Mon-Fri 22:00-06:00 UTC',
      t: '2026-11-07T05:59:00Z',
      up: true,
    },
    {
      name: 'a night window listed Mon-Fri does not start on Saturday',
      schedule: 'Mon-Fri 22:00-06:00 UTC',
      t: '2026-11-07T23:00:00Z',
      up: false,
    },
    {
      name: 'a night window does not cover the morning of its first listed day',
      schedule: 'Mon-Fri 22:00-06:00 UTC',
      t: '2026-11-02T05:00:00Z',
      up: false,
    },
    {
      name: 'a range wrapping the week includes Sunday',
      schedule: 'Fri-Mon 09:00-17:00 UTC',
      t: '2026-11-08T12:00:00Z',
      up: true,
    },
    {
      name: 'a range wrapping the week excludes Wednesday',
      schedule: 'Fri-Mon 09:00-17:00 UTC',
      t: '2026-11-04T12:00:00Z',
      up: false,
    },
    {
      name: 'Kolkata business hours start at 03:30 UTC',
      schedule: 'Mon-Fri 09:00-17:30 Asia/Kolkata',
      t: '2026-11-02T03:30:00Z',
      up: true,
    },
    {
      name: 'Kolkata business hours have not started at 03:29 UTC',
      schedule: 'Mon-Fri 09:00-17:30 Asia/Kolkata',
      t: '2026-11-02T03:29:59Z',
      up: false,
    },
    {
      name: 'Adelaide in summer is ten and a half hours ahead',
      schedule: 'Mon-Fri 09:00-17:00 Australia/Adelaide',
      t: '2026-11-01T22:30:00Z',
      up: true,
    },
    {
      name: 'Adelaide in winter is nine and a half hours ahead',
      schedule: 'Mon-Fri 09:00-17:00 Australia/Adelaide',
      t: '2026-07-05T23:30:00Z',
      up: true,
    },
    {
      name: "St John's in winter is three and a half hours behind",
      schedule: 'Mon-Fri 08:00-19:00 America/St_Johns',
      t: '2026-11-02T11:30:00Z',
      up: true,
    },
    {
      name: "St John's in summer is two and a half hours behind",
      schedule: 'Mon-Fri 08:00-19:00 America/St_Johns',
      t: '2026-07-06T10:29:00Z',
      up: false,
    },
    {
      name: 'an absolute range covers its span',
      schedule: '2026-11-01T08:00:00+01:00-2026-11-01T19:00:00+01:00',
      t: '2026-11-01T12:00:00Z',
      up: true,
    },
    {
      name: 'an absolute range includes its end instant, as kube-downscaler does',
      schedule: '2026-11-01T08:00:00+01:00-2026-11-01T19:00:00+01:00',
      t: '2026-11-01T18:00:00Z',
      up: true,
    },
    {
      name: 'an absolute range is over a millisecond after its end',
      schedule: '2026-11-01T08:00:00+01:00-2026-11-01T19:00:00+01:00',
      t: '2026-11-01T18:00:00.001Z',
      up: false,
    },
    { name: 'always is always uptime', schedule: 'always', t: '2026-11-07T03:00:00Z', up: true },
    { name: 'never is never uptime', schedule: 'never', t: '2026-11-04T11:00:00Z', up: false },
  ])('$name', ({ schedule, t, up }) => {
    expect(isUptime(parseSchedule(schedule), at(t))).toBe(up);
  });
});

describe('nextBoundary', () => {
  it.each([
    { name: 'always has no boundary', schedule: 'always' },
    { name: 'never has no boundary', schedule: 'never' },
    {
      name: 'a whole week of whole days has no boundary',
      schedule: 'Mon-Sun 00:00-24:00 Europe/Berlin',
    },
    {
      name: 'an absolute range in the past has no boundary',
      schedule: '2020-01-01T00:00:00Z-2020-01-02T00:00:00Z',
    },
  ])('$name', ({ schedule }) => {
    expect(nextBoundary(parseSchedule(schedule), at('2026-11-04T11:00:00Z'))).toBeNull();
  });

  it('touching windows merge: no boundary at the seam', () => {
    expect(
      boundaries('Mon 08:00-12:00 UTC, Mon 12:00-19:00 UTC', '2026-11-01T00:00:00Z', 2),
    ).toEqual(['2026-11-02T08:00:00.000Z up', '2026-11-02T19:00:00.000Z down']);
  });

  it('an absolute range far in the future is found across many empty weeks', () => {
    expect(
      boundaries('2027-06-01T08:00:00Z-2027-06-01T10:00:00Z', '2026-11-01T00:00:00Z', 3),
    ).toEqual(['2027-06-01T08:00:00.000Z up', '2027-06-01T10:00:00.001Z down']);
  });

  it('an absolute range extending a weekly window shows only the outer edges', () => {
    expect(
      boundaries(
        'Mon 08:00-19:00 UTC, 2026-11-02T18:00:00Z-2026-11-02T22:00:00Z',
        '2026-11-01T00:00:00Z',
        2,
      ),
    ).toEqual(['2026-11-02T08:00:00.000Z up', '2026-11-02T22:00:00.001Z down']);
  });

  it('an absolute range covering weeks hides the weekly edges inside it', () => {
    expect(
      boundaries(
        'Mon-Fri 08:00-19:00 UTC, 2026-11-01T00:00:00Z-2026-12-01T00:00:00Z',
        '2026-11-01T00:00:00Z',
        2,
      ),
    ).toEqual(['2026-12-01T00:00:00.001Z down', '2026-12-01T08:00:00.000Z up']);
  });

  it('an absolute range on an always-up week changes nothing and leaves no boundary', () => {
    expect(
      nextBoundary(
        parseSchedule('Mon-Sun 00:00-24:00 UTC, 2026-12-01T00:00:00Z-2026-12-02T00:00:00Z'),
        at('2026-11-01T00:00:00Z'),
      ),
    ).toBeNull();
  });
});

describe('uptimeEndFrom and nextUptimeStart', () => {
  const berlin = parseSchedule('Mon-Fri 08:00-19:00 Europe/Berlin');
  it.each([
    {
      name: 'during uptime the shutdown is the end of the window',
      t: '2026-11-04T11:00:00Z',
      end: '2026-11-04T18:00:00Z',
    },
    {
      name: 'outside uptime the shutdown is now',
      t: '2026-11-07T11:00:00Z',
      end: '2026-11-07T11:00:00Z',
    },
  ])('$name', ({ t, end }) => {
    expect(uptimeEndFrom(berlin, at(t))).toBe(at(end));
  });

  it('always never ends uptime', () => {
    expect(uptimeEndFrom(parseSchedule('always'), 0)).toBeNull();
  });

  it('the next uptime start after Friday evening is Monday morning', () => {
    expect(iso(nextUptimeStart(berlin, at('2026-11-06T18:00:00Z')) ?? 0)).toBe(
      '2026-11-09T07:00:00.000Z',
    );
  });

  it('the next uptime start skips the window currently open', () => {
    expect(iso(nextUptimeStart(berlin, at('2026-11-04T11:00:00Z')) ?? 0)).toBe(
      '2026-11-05T07:00:00.000Z',
    );
  });

  it('never has no uptime start', () => {
    expect(nextUptimeStart(parseSchedule('never'), 0)).toBeNull();
  });

  it('uptimeIntervals of always is one endless interval and of never is none', () => {
    expect(uptimeIntervals(parseSchedule('always'), 0, 1)).toEqual([
      { start: -Infinity, end: Infinity },
    ]);
    expect(uptimeIntervals(parseSchedule('never'), 0, 1)).toEqual([]);
  });
});
