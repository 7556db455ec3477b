import { describe, expect, it } from 'vitest';
import { CurfewInputError } from '../../src/common/errors.js';
import { formatOffsetRecord } from '../../src/schedule/offsets.js';
import {
  expiryWarningDue,
  isExpired,
  lastExpiryWarning,
  nextExpiryCheckAt,
  parseValidUntil,
  validityAfter,
  validityAt,
  validityFromTimer,
} from '../../src/time-bombs/validity.js';

const NOW = Date.parse('2026-11-04T12:00:00.750Z');
const NOW_S = Math.floor(NOW / 1000);

describe('time-bomb validity', () => {
  it.each([
    {
      name: 'a 90-minute timer is valid until 13:30',
      timer: '90m',
      human: '2026-11-04T13:30:00Z',
      seconds: 5400,
    },
    {
      name: 'a one-day timer is valid until the same time tomorrow',
      timer: '1d',
      human: '2026-11-05T12:00:00Z',
      seconds: 86_400,
    },
  ])('$name', ({ timer, human, seconds }) => {
    expect(validityFromTimer(timer, NOW)).toEqual({
      validUntil: NOW_S + seconds,
      validUntilHuman: human,
    });
  });

  it('a bad timer is refused with the duration error', () => {
    expect(() => validityFromTimer('soon', NOW)).toThrow(CurfewInputError);
  });

  it('validityAt gives the human form of unix seconds', () => {
    expect(validityAt(0)).toEqual({ validUntil: 0, validUntilHuman: '1970-01-01T00:00:00Z' });
  });

  it.each([
    { name: 'digits are unix seconds', text: '1793800000', value: 1_793_800_000 },
    { name: 'surrounding whitespace is fine', text: ' 42 ', value: 42 },
    { name: 'a missing value is null', text: undefined, value: null },
    { name: 'an ISO date is not unix seconds', text: '2026-11-04T12:00:00Z', value: null },
    { name: 'a negative number is null', text: '-5', value: null },
  ])('$name', ({ text, value }) => {
    expect(parseValidUntil(text)).toBe(value);
  });

  it.each([
    { name: 'a second before validUntil it is not expired', now: 999, expired: false },
    { name: 'at validUntil it is expired', now: 1000, expired: true },
  ])('$name', ({ now, expired }) => {
    expect(isExpired(1, now)).toBe(expired);
  });
});

describe('expiry warnings', () => {
  const until = NOW_S + 3600;
  const minutesBefore = (m: number): number => (until - m * 60) * 1000;
  it.each([
    { name: 'two hours before nothing is due', now: minutesBefore(120), last: null, due: null },
    {
      name: 'an hour before the 60-minute warning is due',
      now: minutesBefore(60),
      last: null,
      due: 60,
    },
    {
      name: 'after the 60-minute warning nothing more until 15 minutes before',
      now: minutesBefore(30),
      last: 60,
      due: null,
    },
    {
      name: '15 minutes before the 15-minute warning is due',
      now: minutesBefore(15),
      last: 60,
      due: 15,
    },
    {
      name: 'when both are overdue only the 15-minute warning is sent',
      now: minutesBefore(5),
      last: null,
      due: 15,
    },
    { name: 'a warning already sent is not repeated', now: minutesBefore(5), last: 15, due: null },
    { name: 'after expiry no warning is due', now: minutesBefore(0), last: null, due: null },
  ])('$name', ({ now, last, due }) => {
    expect(expiryWarningDue(until, last, now)).toBe(due);
  });

  it('custom offsets are honoured', () => {
    expect(expiryWarningDue(until, null, minutesBefore(100), [120])).toBe(120);
  });
});

describe('expiry bookkeeping', () => {
  const until = NOW_S + 3600;
  it('an extension of 60 minutes from now is valid an hour from the current second', () => {
    expect(validityAfter(3_600_000, NOW)).toEqual({
      validUntil: until,
      validUntilHuman: '2026-11-04T13:00:00Z',
    });
  });

  it.each([
    {
      name: 'a warning recorded for this validity counts',
      record: formatOffsetRecord(60, until * 1000),
      last: 60,
    },
    {
      name: 'a warning recorded for an older validity does not',
      record: formatOffsetRecord(15, (until - 600) * 1000),
      last: null,
    },
    { name: 'no record means no warning yet', record: undefined, last: null },
  ])('$name', ({ record, last }) => {
    expect(lastExpiryWarning(record, until)).toBe(last);
  });

  it.each([
    {
      name: 'two hours before, the next check is the 60-minute warning',
      now: (until - 7200) * 1000,
      next: (until - 3600) * 1000,
    },
    {
      name: 'ten minutes before, the next check is the expiry',
      now: (until - 600) * 1000,
      next: until * 1000,
    },
    { name: 'once expired there is nothing to wait for', now: until * 1000, next: null },
  ])('$name', ({ now, next }) => {
    expect(nextExpiryCheckAt(until, now)).toBe(next);
  });
});
