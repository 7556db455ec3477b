import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CurfewInputError } from '../../src/common/errors.js';
import { parseSchedule } from '../../src/schedule/schedule.js';

describe('parseSchedule', () => {
  it.each([
    {
      name: 'a business-hours window is parsed into days, minutes and zone',
      text: 'Mon-Fri 08:00-19:00 Europe/Berlin',
      windows: [
        {
          kind: 'weekly',
          days: [0, 1, 2, 3, 4],
          startMinute: 480,
          endMinute: 1140,
          timeZone: 'Europe/Berlin',
        },
      ],
    },
    {
      name: 'a single day is one day',
      text: 'Sat 10:00-14:00 UTC',
      windows: [{ kind: 'weekly', days: [5], startMinute: 600, endMinute: 840, timeZone: 'UTC' }],
    },
    {
      name: 'a day range wrapping the week covers Friday to Monday',
      text: 'Fri-Mon 09:00-17:00 UTC',
      windows: [
        { kind: 'weekly', days: [0, 4, 5, 6], startMinute: 540, endMinute: 1020, timeZone: 'UTC' },
      ],
    },
    {
      name: 'a window across midnight keeps its end below its start',
      text: 'Mon-Fri 22:00-06:00 UTC',
      windows: [
        {
          kind: 'weekly',
          days: [0, 1, 2, 3, 4],
          startMinute: 1320,
          endMinute: 360,
          timeZone: 'UTC',
        },
      ],
    },
    {
      name: 'several comma-separated windows are all kept',
      text: 'Mon-Fri 08:00-12:00 Europe/Berlin, Mon-Fri 13:00-19:00 Europe/Berlin',
      windows: [
        {
          kind: 'weekly',
          days: [0, 1, 2, 3, 4],
          startMinute: 480,
          endMinute: 720,
          timeZone: 'Europe/Berlin',
        },
        {
          kind: 'weekly',
          days: [0, 1, 2, 3, 4],
          startMinute: 780,
          endMinute: 1140,
          timeZone: 'Europe/Berlin',
        },
      ],
    },
    {
      name: 'days and zone are case-insensitive and the zone is canonicalised',
      text: 'mon-FRI 08:00-19:00 europe/berlin',
      windows: [
        {
          kind: 'weekly',
          days: [0, 1, 2, 3, 4],
          startMinute: 480,
          endMinute: 1140,
          timeZone: 'Europe/Berlin',
        },
      ],
    },
    {
      name: '24:00 is accepted as the end of the day',
      text: 'Sun 00:00-24:00 UTC',
      windows: [{ kind: 'weekly', days: [6], startMinute: 0, endMinute: 1440, timeZone: 'UTC' }],
    },
    {
      name: 'an absolute range with offsets is parsed to instants',
      text: '2026-11-01T08:00:00+01:00-2026-11-01T19:00:00+01:00',
      windows: [
        {
          kind: 'absolute',
          start: Date.parse('2026-11-01T07:00:00Z'),
          end: Date.parse('2026-11-01T18:00:00Z'),
        },
      ],
    },
    {
      name: 'an absolute range in UTC is parsed to instants',
      text: '2026-11-01T08:00:00Z-2026-11-02T08:00:00Z',
      windows: [
        {
          kind: 'absolute',
          start: Date.parse('2026-11-01T08:00:00Z'),
          end: Date.parse('2026-11-02T08:00:00Z'),
        },
      ],
    },
  ])('$name', ({ text, windows }) => {
    expect(parseSchedule(text)).toEqual({ kind: 'windows', source: text.trim(), windows });
  });

  it.each([
    { name: 'always is the constant uptime schedule', text: 'always', kind: 'always' },
    { name: 'never is the constant downtime schedule', text: ' Never ', kind: 'never' },
  ])('$name', ({ text, kind }) => {
    expect(parseSchedule(text).kind).toBe(kind);
  });

  it.each([
    { name: 'an empty schedule is rejected', text: '', message: /empty/ },
    {
      name: 'an unknown day is named',
      text: 'Mon-Fry 08:00-19:00 UTC',
      message: /unknown day 'Fry'/,
    },
    {
      name: 'an unknown time zone is named',
      text: 'Mon-Fri 08:00-19:00 Mars/Olympus',
      message: /unknown time zone 'Mars\/Olympus'/,
    },
    {
      name: 'an hour past 24 is rejected',
      text: 'Mon 08:00-25:00 UTC',
      message: /invalid time '25:00'/,
    },
    { name: 'minute 60 is rejected', text: 'Mon 08:60-19:00 UTC', message: /invalid time '08:60'/ },
    { name: '24:00 is not a start', text: 'Mon 24:00-06:00 UTC', message: /invalid time '24:00'/ },
    {
      name: 'a window without time zone is rejected',
      text: 'Mon-Fri 08:00-19:00',
      message: /window 1 .* is not/,
    },
    {
      name: 'a window that starts and ends together is rejected',
      text: 'Mon 08:00-08:00 UTC',
      message: /same time/,
    },
    {
      name: 'the bad window of several is the one named',
      text: 'Mon 08:00-19:00 UTC, Tue 8-19 UTC',
      message: /window 2 \('Tue 8-19 UTC'\)/,
    },
    { name: 'a stray comma is reported', text: 'Mon 08:00-19:00 UTC,', message: /empty window 2/ },
    {
      name: 'always cannot be combined with windows',
      text: 'always, Mon 08:00-19:00 UTC',
      message: /cannot be combined/,
    },
    {
      name: 'an absolute range ending before it starts is rejected',
      text: '2026-11-02T08:00:00Z-2026-11-01T08:00:00Z',
      message: /ends before it starts/,
    },
    {
      name: 'an absolute range on a day that does not exist is rejected',
      text: '2026-02-30T08:00:00Z-2026-03-01T08:00:00Z',
      message: /invalid date/,
    },
    {
      name: 'an absolute range with an impossible hour is rejected',
      text: '2026-02-01T25:00:00Z-2026-03-01T08:00:00Z',
      message: /invalid date/,
    },
  ])('$name', ({ text, message }) => {
    let error: unknown;
    try {
      parseSchedule(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CurfewInputError);
    expect((error as CurfewInputError).message).toMatch(message);
    expect((error as CurfewInputError).hint).toContain('Mon-Fri 08:00-19:00 Europe/Berlin');
  });
});

describe('parseSchedule properties', () => {
  it('any text either parses or throws CurfewInputError, never anything else', () => {
    const pieces = fc.constantFrom(
      'Mon',
      'Fri',
      '-',
      ' ',
      ',',
      '08:00',
      '24:00',
      '19:',
      'UTC',
      'Europe/Berlin',
      'always',
      '2026-11-01T08:00:00Z',
      'x',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces, { maxLength: 10 }).map((p) => p.join('')),
        ),
        (text) => {
          try {
            parseSchedule(text);
          } catch (e) {
            expect(e).toBeInstanceOf(CurfewInputError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
