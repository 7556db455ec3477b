import { describe, expect, it } from 'vitest';
import { cronMatches, parseCron } from '../src/cron.js';

describe('cron schedules', () => {
  it.each([
    {
      name: 'every five minutes matches 12:05',
      spec: '*/5 * * * *',
      at: '2026-03-02T12:05:00Z',
      tz: undefined,
      want: true,
    },
    {
      name: 'every five minutes skips 12:06',
      spec: '*/5 * * * *',
      at: '2026-03-02T12:06:00Z',
      tz: undefined,
      want: false,
    },
    {
      name: 'weekday ranges match a Monday',
      spec: '0 8 * * MON-FRI',
      at: '2026-03-02T08:00:00Z',
      tz: undefined,
      want: true,
    },
    {
      name: 'weekday ranges skip a Sunday',
      spec: '0 8 * * 1-5',
      at: '2026-03-01T08:00:00Z',
      tz: undefined,
      want: false,
    },
    {
      name: 'a time zone shifts the hour',
      spec: '0 8 * * *',
      at: '2026-03-02T07:00:00Z',
      tz: 'Europe/Berlin',
      want: true,
    },
    {
      name: '@daily is midnight',
      spec: '@daily',
      at: '2026-03-02T00:00:00Z',
      tz: undefined,
      want: true,
    },
    {
      name: 'day-of-month and day-of-week combine with OR',
      spec: '0 0 15 * 1',
      at: '2026-03-02T00:00:00Z',
      tz: undefined,
      want: true,
    },
  ])('$name', ({ spec, at, tz, want }) => {
    expect(cronMatches(parseCron(spec), Date.parse(at), tz)).toBe(want);
  });

  it.each([
    { name: 'too few fields', spec: '* * *', err: /5 fields/ },
    { name: 'a minute out of range', spec: '61 * * * *', err: /outside 0-59/ },
    { name: 'a word that is not a number', spec: 'x * * * *', err: /not a number/ },
  ])('rejects $name', ({ spec, err }) => {
    expect(() => parseCron(spec)).toThrow(err);
  });
});
