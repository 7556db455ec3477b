import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CurfewInputError } from '../../src/common/errors.js';
import { parseSchedule, validateScheduleDefaults } from '../../src/schedule/schedule.js';

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
          // The end instant is inside the range (kube-downscaler): exclusive one ms later.
          end: Date.parse('2026-11-01T18:00:00Z') + 1,
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
          end: Date.parse('2026-11-02T08:00:00Z') + 1,
        },
      ],
    },
  ])('$name', ({ text, windows }) => {
    expect(parseSchedule(text)).toEqual({ kind: 'windows', source: text.trim(), windows });
  });

  it.each([
    { name: 'always is the constant uptime schedule', text: 'always', kind: 'always' },
    { name: 'never is the constant downtime schedule', text: ' Never ', kind: 'never' },
    {
      name: 'always in a list makes the list always',
      text: 'Mon 08:00-19:00 UTC, ALWAYS',
      kind: 'always',
    },
    { name: 'a list of nevers is never', text: 'never, never', kind: 'never' },
    {
      name: 'a window starting and ending at the same time never opens, as in kube-downscaler',
      text: 'Mon-Tue 19:00-19:00 UTC',
      kind: 'never',
    },
    {
      name: 'never in a list adds nothing to the windows',
      text: 'never, Mon 08:00-19:00 UTC',
      kind: 'windows',
    },
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
      name: 'a window without time zone is rejected when the cluster sets no default zone',
      text: 'Mon-Fri 08:00-19:00',
      message:
        /window 1 \('Mon-Fri 08:00-19:00'\) has no time zone, and the cluster sets no default time zone/,
    },
    {
      name: 'a window without days is rejected when the cluster sets no default week frame',
      text: '08:00-19:00 UTC',
      message: /has no days, and the cluster sets no default week frame/,
    },
    {
      name: 'a four-letter day is named',
      text: 'Mon-Thur 09:00-20:00 Europe/London',
      message: /unknown day 'Thur'/,
    },
    {
      name: 'two zones in one window are refused',
      text: 'Mon 08:00-19:00 UTC Europe/Berlin',
      message: /is not '<days> <HH:MM>-<HH:MM> <time zone>'/,
    },
    {
      name: 'BST is refused with what ICU would make of it',
      text: 'Mon-Fri 09:00-17:00 BST',
      message: /'BST', an abbreviation that ICU reads as Asia\/Dhaka/,
    },
    {
      name: 'IST is refused with what ICU would make of it',
      text: 'Mon-Fri 09:00-17:00 ist',
      message: /'ist', an abbreviation that ICU reads as Asia\/Calcutta/,
    },
    {
      name: "ICU's SystemV zones are refused as abbreviations",
      text: 'Mon-Fri 09:00-17:00 SystemV/EST5',
      message: /an abbreviation that ICU reads as SystemV\/EST5/,
    },
    {
      name: 'a schedule over 4 KiB is refused before it is read',
      text: `Mon 08:00-19:00 UTC${', Mon 08:00-19:00 UTC'.repeat(300)}`,
      message: /characters long; at most 4096 are read/,
    },
    {
      name: 'the bad window of several is the one named',
      text: 'Mon 08:00-19:00 UTC, Tue 8-19 UTC',
      message: /window 2 \('Tue 8-19 UTC'\)/,
    },
    { name: 'a stray comma is reported', text: 'Mon 08:00-19:00 UTC,', message: /empty window 2/ },
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

describe('parseSchedule with cluster defaults', () => {
  const defaults = { timeZone: 'Europe/Paris', weekFrame: 'Mon-Fri' };
  const weekly = (days: number[], timeZone: string) => ({
    kind: 'windows',
    windows: [{ kind: 'weekly', days, startMinute: 480, endMinute: 1200, timeZone }],
  });
  it.each([
    {
      name: 'a window without a zone takes the default zone',
      text: 'Sat 08:00-20:00',
      expected: weekly([5], 'Europe/Paris'),
    },
    {
      name: 'a window without days takes the default week frame',
      text: '08:00-20:00 UTC',
      expected: weekly([0, 1, 2, 3, 4], 'UTC'),
    },
    {
      name: 'a bare time range takes both',
      text: '08:00-20:00',
      expected: weekly([0, 1, 2, 3, 4], 'Europe/Paris'),
    },
    {
      name: 'a window with both keeps its own',
      text: 'Sun 08:00-20:00 Asia/Tokyo',
      expected: weekly([6], 'Asia/Tokyo'),
    },
  ])('$name', ({ text, expected }) => {
    expect(parseSchedule(text, defaults)).toMatchObject(expected);
  });

  it.each([
    {
      name: 'the default zone is canonicalised',
      defaults: { timeZone: 'europe/paris' },
      expected: { timeZone: 'Europe/Paris', weekFrame: undefined },
    },
    {
      name: 'the default week frame is trimmed',
      defaults: { weekFrame: ' Mon-Fri ' },
      expected: { timeZone: undefined, weekFrame: 'Mon-Fri' },
    },
  ])('$name', ({ defaults, expected }) => {
    expect(validateScheduleDefaults(defaults)).toEqual(expected);
  });

  it.each([
    {
      name: 'an abbreviation as the default zone is refused',
      defaults: { timeZone: 'BST' },
      message: /The cluster's default time zone has the time zone 'BST'/,
    },
    {
      name: 'a bad default week frame is named',
      defaults: { weekFrame: 'Mon-Fry' },
      message: /The cluster's default week frame has an unknown day 'Fry'/,
    },
  ])('$name', ({ defaults, message }) => {
    expect(() => validateScheduleDefaults(defaults)).toThrow(message);
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
