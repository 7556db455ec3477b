import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  formatDuration,
  HOUR_MS,
  MAX_DURATION_MS,
  MINUTE_MS,
  parseDuration,
  SECOND_MS,
  WEEK_MS,
} from '../../src/common/duration.js';
import { CurfewInputError } from '../../src/common/errors.js';

describe('parseDuration', () => {
  it.each([
    { name: 'seconds alone are accepted', text: '90s', ms: 90 * SECOND_MS },
    { name: 'minutes alone are accepted', text: '15m', ms: 15 * MINUTE_MS },
    { name: 'hours and minutes combine', text: '1h30m', ms: HOUR_MS + 30 * MINUTE_MS },
    { name: 'days are accepted', text: '3d', ms: 3 * DAY_MS },
    { name: 'weeks are accepted', text: '1w', ms: WEEK_MS },
    { name: 'days and hours combine', text: '1d12h', ms: DAY_MS + 12 * HOUR_MS },
    {
      name: 'three units combine largest first',
      text: '1h30m15s',
      ms: HOUR_MS + 30 * MINUTE_MS + 15 * SECOND_MS,
    },
    { name: 'upper case is accepted', text: '1H30M', ms: HOUR_MS + 30 * MINUTE_MS },
    { name: 'surrounding whitespace is ignored', text: '  2h \n', ms: 2 * HOUR_MS },
    { name: 'a zero component is fine when the total is not zero', text: '1h0m', ms: HOUR_MS },
    { name: 'exactly 365 days is accepted', text: '365d', ms: MAX_DURATION_MS },
  ])('$name ($text)', ({ text, ms }) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    { name: 'empty text is rejected', text: '', message: /empty/ },
    { name: 'blank text is rejected', text: '   ', message: /empty/ },
    { name: 'zero is rejected', text: '0m', message: /zero/ },
    { name: 'a negative duration is rejected', text: '-5m', message: /negative/ },
    { name: 'an unknown unit is rejected', text: '5y', message: /unknown unit 'y'/ },
    { name: 'milliseconds are not a unit', text: '500ms', message: /unknown unit 'ms'/ },
    {
      name: 'a repeated unit is rejected',
      text: '1h1h',
      message: /repeats a unit or lists them out of order/,
    },
    { name: 'units out of order are rejected', text: '30m1h', message: /out of order/ },
    { name: 'a bare number is rejected', text: '90', message: /no unit/ },
    { name: 'inner spaces are rejected', text: '1h 30m', message: /contains ' '/ },
    { name: 'fractions are rejected', text: '1.5h', message: /contains '.'/ },
    { name: 'more than a year is rejected', text: '366d', message: /longer than a year/ },
    {
      name: 'absurdly many digits are rejected',
      text: '99999999999999999999h',
      message: /longer than a year/,
    },
    { name: 'a unit without a number is rejected', text: 'h', message: /contains 'h'/ },
    {
      name: 'a line break inside a duration is named, not skipped',
      text: '1m\n1s',
      message: /contains a line break/,
    },
    { name: 'a tab inside a duration is named', text: '1m\t1s', message: /contains a tab/ },
    {
      name: 'text over 4 KiB is refused before it is read',
      text: `${'1'.repeat(5000)}s`,
      message: /5001 characters long/,
    },
  ])('$name ($text)', ({ text, message }) => {
    let error: unknown;
    try {
      parseDuration(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CurfewInputError);
    const err = error as CurfewInputError;
    expect(err.message).toMatch(message);
    // Every rejection tells the user which forms are accepted.
    expect(err.hint).toContain('1h30m');
  });
});

describe('formatDuration', () => {
  it.each([
    { name: 'an hour and a half is 1h30m', ms: HOUR_MS + 30 * MINUTE_MS, text: '1h30m' },
    { name: 'seven days is a week', ms: 7 * DAY_MS, text: '1w' },
    { name: 'eight days is a week and a day', ms: 8 * DAY_MS, text: '1w1d' },
    { name: 'ninety seconds is 1m30s', ms: 90 * SECOND_MS, text: '1m30s' },
    { name: 'zero is 0s', ms: 0, text: '0s' },
    { name: 'sub-second remainders are dropped', ms: 61_999, text: '1m1s' },
  ])('$name', ({ ms, text }) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    { name: 'a negative duration is a programming error', ms: -1 },
    { name: 'NaN is a programming error', ms: Number.NaN },
    { name: 'infinity is a programming error', ms: Number.POSITIVE_INFINITY },
  ])('$name', ({ ms }) => {
    expect(() => formatDuration(ms)).toThrow(RangeError);
  });
});

describe('duration properties', () => {
  const wholeSeconds = fc
    .integer({ min: 1, max: MAX_DURATION_MS / SECOND_MS })
    .map((s) => s * SECOND_MS);

  it('parse(format(ms)) returns ms for every whole number of seconds up to a year', () => {
    fc.assert(
      fc.property(wholeSeconds, (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
  });

  it('format(parse(text)) returns canonical text unchanged', () => {
    fc.assert(
      fc.property(wholeSeconds, (ms) => {
        const canonical = formatDuration(ms);
        expect(formatDuration(parseDuration(canonical))).toBe(canonical);
      }),
    );
  });

  it('any string either parses to a positive duration of at most a year or throws CurfewInputError', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.stringMatching(/^[0-9]{0,4}[wdhmsx]?[0-9]{0,3}[dhms]?$/)),
        (text) => {
          try {
            const ms = parseDuration(text);
            expect(ms).toBeGreaterThan(0);
            expect(ms).toBeLessThanOrEqual(MAX_DURATION_MS);
          } catch (e) {
            expect(e).toBeInstanceOf(CurfewInputError);
          }
        },
      ),
    );
  });
});
