import { describe, expect, it } from 'vitest';
import {
  addDays,
  canonicalTimeZone,
  instantOfLocal,
  localDateTime,
  offsetAt,
  weekdayOf,
} from '../../src/schedule/time-zone.js';

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
