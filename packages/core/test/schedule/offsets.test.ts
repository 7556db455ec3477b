import { describe, expect, it } from 'vitest';
import {
  formatOffsetRecord,
  latestDueOffset,
  nextOffsetAt,
  parseOffsetRecord,
} from '../../src/schedule/offsets.js';

const MIN = 60_000;
const DEADLINE = Date.parse('2026-11-04T18:00:00Z');
const OFFSETS = [60, 30, 15];

describe('offsets before a deadline', () => {
  it.each([
    { name: 'nothing is due more than an hour before', before: 61, due: null },
    { name: 'the 60-minute offset is due exactly an hour before', before: 60, due: 60 },
    { name: 'only the latest of several overdue offsets is due', before: 10, due: 15 },
    { name: 'between 30 and 15 minutes the 30-minute offset is the latest', before: 20, due: 30 },
    { name: 'nothing is due once the deadline has passed', before: 0, due: null },
  ])('$name', ({ before, due }) => {
    expect(latestDueOffset(DEADLINE, OFFSETS, DEADLINE - before * MIN)).toBe(due);
  });

  it.each([
    { name: 'the next offset after 45 minutes before is the 30-minute mark', before: 45, next: 30 },
    { name: 'long before, the next offset is the largest', before: 600, next: 60 },
    { name: 'after the last offset there is none', before: 10, next: null },
  ])('$name', ({ before, next }) => {
    expect(nextOffsetAt(DEADLINE, OFFSETS, DEADLINE - before * MIN)).toBe(
      next === null ? null : DEADLINE - next * MIN,
    );
  });

  it('a record round-trips', () => {
    const text = formatOffsetRecord(30, DEADLINE);
    expect(text).toBe('30@2026-11-04T18:00:00Z');
    expect(parseOffsetRecord(text)).toEqual({ offsetMinutes: 30, deadline: DEADLINE });
  });

  it.each([
    { name: 'a missing record is none', text: undefined },
    { name: 'a record without a deadline is none', text: '30' },
    { name: 'a record with a garbled deadline is none', text: '30@yesterday' },
  ])('$name', ({ text }) => {
    expect(parseOffsetRecord(text)).toBeNull();
  });
});
