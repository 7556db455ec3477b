import { describe, expect, it } from 'vitest';
import {
  addDays,
  canonicalTimeZone,
  ICU_LEGACY_ZONE_IDS,
  instantOfLocal,
  localDateTime,
  offsetAt,
  resolveTimeZone,
  weekdayOf,
} from '../../src/schedule/time-zone.js';
import { nextOffsetChange, offsetChangesInYear } from '../../src/schedule/zone-transitions.js';

const at = (iso: string): number => Date.parse(iso);

describe('time zones through Intl', () => {
  it.each([
    {
      name: 'a lower-case zone is canonicalised',
      zone: 'europe/berlin',
      expected: 'Europe/Berlin',
    },
    { name: 'UTC is a zone', zone: 'UTC', expected: 'UTC' },
    { name: 'an unknown zone is null', zone: 'Mars/Olympus', expected: null },
    { name: 'an empty zone is null', zone: ' ', expected: null },
  ])('$name', ({ zone, expected }) => {
    expect(canonicalTimeZone(zone)).toBe(expected);
  });

  it.each([
    {
      name: 'Berlin in winter is UTC+1',
      zone: 'Europe/Berlin',
      t: '2026-01-15T12:00:00Z',
      hours: 1,
    },
    {
      name: 'Berlin in summer is UTC+2',
      zone: 'Europe/Berlin',
      t: '2026-07-15T12:00:00Z',
      hours: 2,
    },
    { name: 'Kolkata is UTC+5:30', zone: 'Asia/Kolkata', t: '2026-07-15T12:00:00Z', hours: 5.5 },
    {
      name: "St John's in winter is UTC-3:30",
      zone: 'America/St_Johns',
      t: '2026-01-15T12:00:00Z',
      hours: -3.5,
    },
    {
      name: 'Adelaide in January is UTC+10:30',
      zone: 'Australia/Adelaide',
      t: '2026-01-15T12:00:00.500Z',
      hours: 10.5,
    },
  ])('$name', ({ zone, t, hours }) => {
    expect(offsetAt(at(t), zone)).toBe(hours * 3_600_000);
  });

  it('reads the local wall clock', () => {
    expect(localDateTime(at('2026-03-29T01:30:00Z'), 'Europe/Berlin')).toEqual({
      year: 2026,
      month: 3,
      day: 29,
      hour: 3,
      minute: 30,
      second: 0,
    });
  });

  it('adds calendar days across month and year ends', () => {
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({
      year: 2027,
      month: 1,
      day: 1,
    });
    expect(addDays({ year: 2026, month: 3, day: 1 }, -1)).toEqual({
      year: 2026,
      month: 2,
      day: 28,
    });
  });

  it('numbers weekdays from Monday', () => {
    expect(weekdayOf({ year: 2026, month: 11, day: 2 })).toBe(0);
    expect(weekdayOf({ year: 2026, month: 11, day: 8 })).toBe(6);
  });

  it.each([
    {
      name: 'an ordinary local time has one instant',
      zone: 'Europe/Berlin',
      date: [2026, 11, 4],
      minute: 480,
      expected: '2026-11-04T07:00:00Z',
    },
    {
      name: 'midnight at the end of a day is the next day',
      zone: 'UTC',
      date: [2026, 11, 4],
      minute: 1440,
      expected: '2026-11-05T00:00:00Z',
    },
    {
      name: 'a skipped Berlin time resolves to the jump at 03:00 CEST',
      zone: 'Europe/Berlin',
      date: [2026, 3, 29],
      minute: 150,
      expected: '2026-03-29T01:00:00Z',
    },
    {
      name: 'a repeated Berlin time resolves to its first occurrence',
      zone: 'Europe/Berlin',
      date: [2026, 10, 25],
      minute: 150,
      expected: '2026-10-25T00:30:00Z',
    },
    {
      name: "a skipped St John's time resolves to the jump",
      zone: 'America/St_Johns',
      date: [2026, 3, 8],
      minute: 150,
      expected: '2026-03-08T05:30:00Z',
    },
    {
      name: "a repeated St John's time resolves to its first occurrence",
      zone: 'America/St_Johns',
      date: [2026, 11, 1],
      minute: 90,
      expected: '2026-11-01T04:00:00Z',
    },
    {
      name: 'a skipped Lord Howe time resolves to its half-hour jump',
      zone: 'Australia/Lord_Howe',
      date: [2026, 10, 4],
      minute: 135,
      expected: '2026-10-03T15:30:00Z',
    },
  ])('$name', ({ zone, date, minute, expected }) => {
    const [year = 0, month = 0, day = 0] = date;
    expect(new Date(instantOfLocal({ year, month, day }, minute, zone)).toISOString()).toBe(
      new Date(at(expected)).toISOString(),
    );
  });
});

describe('which zone names a schedule accepts', () => {
  it.each([
    { name: 'an IANA name in any case', zone: 'america/new_york', expected: 'America/New_York' },
    { name: 'an old IANA link', zone: 'US/Eastern', expected: 'America/New_York' },
    { name: 'a three-letter IANA name', zone: 'CET', expected: 'Europe/Brussels' },
    { name: 'a fixed offset', zone: '+05:30', expected: '+05:30' },
    { name: 'a fixed offset without a colon', zone: '-0330', expected: '-03:30' },
    { name: 'an Etc zone with a sign', zone: 'Etc/GMT-1', expected: 'Etc/GMT-1' },
  ])('$name is accepted ($zone)', ({ zone, expected }) => {
    expect(resolveTimeZone(zone)).toEqual({ zone: expected });
  });

  it.each([
    { zone: 'BST', reading: 'Asia/Dhaka' },
    { zone: 'IST', reading: 'Asia/Calcutta' },
    { zone: 'cst', reading: 'America/Chicago' },
    { zone: 'PST', reading: 'America/Los_Angeles' },
    { zone: 'SystemV/PST8', reading: 'SystemV/PST8' },
  ])(
    'the ICU abbreviation $zone is refused, with what ICU would read it as',
    ({ zone, reading }) => {
      expect(resolveTimeZone(zone)).toEqual({ problem: 'abbreviation', reading });
    },
  );

  it('an unknown zone is unknown', () => {
    expect(resolveTimeZone('Mars/Olympus')).toEqual({ problem: 'unknown' });
  });

  it('every zone Intl lists is accepted as itself', () => {
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      expect(resolveTimeZone(zone), zone).toEqual({ zone: canonicalTimeZone(zone) });
    }
  });

  it('the refused abbreviations are exactly the short names ICU knows that are not IANA names', () => {
    // IANA's own names of up to three letters (tzdata 2025b, zones and links).
    const iana = new Set(['CET', 'EET', 'EST', 'GMT', 'HST', 'MET', 'MST', 'PRC', 'ROC', 'ROK']);
    for (const name of ['UCT', 'UTC', 'WET', 'GB', 'NZ']) iana.add(name);
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const known: string[] = [];
    for (const a of letters) {
      for (const b of letters) {
        if (canonicalTimeZone(a + b) !== null) known.push(a + b);
        for (const c of letters) if (canonicalTimeZone(a + b + c) !== null) known.push(a + b + c);
      }
    }
    expect(known.filter((z) => !iana.has(z)).sort()).toEqual([...ICU_LEGACY_ZONE_IDS].sort());
  });
});

describe('zone offset changes', () => {
  const isoList = (ms: readonly number[]) => ms.map((t) => new Date(t).toISOString());
  it.each([
    {
      name: 'Berlin changes twice a year at 01:00 UTC',
      zone: 'Europe/Berlin',
      changes: ['2026-03-29T01:00:00.000Z', '2026-10-25T01:00:00.000Z'],
    },
    {
      name: 'Troll shifts by two hours',
      zone: 'Antarctica/Troll',
      changes: ['2026-03-29T01:00:00.000Z', '2026-10-25T01:00:00.000Z'],
    },
    {
      name: 'Lord Howe shifts by half an hour',
      zone: 'Australia/Lord_Howe',
      changes: ['2026-04-04T15:00:00.000Z', '2026-10-03T15:30:00.000Z'],
    },
    {
      name: 'Casablanca goes back for Ramadan and forward after it',
      zone: 'Africa/Casablanca',
      changes: ['2026-02-15T02:00:00.000Z', '2026-03-22T02:00:00.000Z'],
    },
    { name: 'UTC never changes', zone: 'UTC', changes: [] },
    { name: 'a fixed offset never changes', zone: '+05:30', changes: [] },
  ])('$name', ({ zone, changes }) => {
    expect(isoList(offsetChangesInYear(zone, 2026))).toEqual(changes);
  });

  it('the next change is found across a year end, and not past the limit', () => {
    const from = at('2026-11-01T00:00:00Z');
    expect(nextOffsetChange('Europe/Berlin', from, at('2027-12-31T00:00:00Z'))).toBe(
      at('2027-03-28T01:00:00Z'),
    );
    expect(nextOffsetChange('Europe/Berlin', from, at('2027-03-01T00:00:00Z'))).toBeNull();
  });
});
