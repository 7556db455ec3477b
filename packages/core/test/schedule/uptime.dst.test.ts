import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../../src/schedule/schedule.js';
import { isUptime, nextBoundary, nextUptimeStart } from '../../src/schedule/uptime.js';

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

describe('daylight-saving behaviour (Europe/Berlin, 2026)', () => {
  it('business hours follow local time across spring-forward: 07:00 UTC before, 06:00 UTC after', () => {
    expect(boundaries('Mon-Fri 08:00-19:00 Europe/Berlin', '2026-03-27T12:00:00Z', 3)).toEqual([
      '2026-03-27T18:00:00.000Z down',
      '2026-03-30T06:00:00.000Z up',
      '2026-03-30T17:00:00.000Z down',
    ]);
  });

  it('a window starting at 02:30, which does not exist on spring-forward day, starts when the clock jumps to 03:00', () => {
    expect(boundaries('Sun 02:30-04:00 Europe/Berlin', '2026-03-28T00:00:00Z', 2)).toEqual([
      '2026-03-29T01:00:00.000Z up',
      '2026-03-29T02:00:00.000Z down',
    ]);
  });

  it('a window ending at the non-existent 02:30 ends when the clock jumps to 03:00', () => {
    expect(boundaries('Sun 01:00-02:30 Europe/Berlin', '2026-03-28T00:00:00Z', 2)).toEqual([
      '2026-03-29T00:00:00.000Z up',
      '2026-03-29T01:00:00.000Z down',
    ]);
  });

  it('a window lying wholly in the skipped hour does not happen that day', () => {
    const schedule = parseSchedule('Sun 02:00-02:45 Europe/Berlin');
    expect(nextUptimeStart(schedule, at('2026-03-28T00:00:00Z'))).toBe(at('2026-04-05T00:00:00Z'));
  });

  it('a window starting at 02:30 on fall-back day starts at the first 02:30 (summer time)', () => {
    expect(boundaries('Sun 02:30-04:00 Europe/Berlin', '2026-10-24T00:00:00Z', 2)).toEqual([
      '2026-10-25T00:30:00.000Z up',
      '2026-10-25T03:00:00.000Z down',
    ]);
  });

  it('a night window ending at 02:30 on fall-back day ends at the first 02:30 and does not reopen at the second', () => {
    const schedule = parseSchedule('Sat 22:00-02:30 Europe/Berlin');
    expect(boundaries('Sat 22:00-02:30 Europe/Berlin', '2026-10-24T00:00:00Z', 3)).toEqual([
      '2026-10-24T20:00:00.000Z up',
      '2026-10-25T00:30:00.000Z down',
      '2026-10-31T21:00:00.000Z up',
    ]);
    // 01:10 UTC is 02:10 winter time, the second time the clock shows 02:10 that night.
    expect(isUptime(schedule, at('2026-10-25T01:10:00Z'))).toBe(false);
  });

  it("St John's spring-forward moves business hours an hour earlier in UTC", () => {
    expect(boundaries('Mon 08:00-19:00 America/St_Johns', '2026-03-01T00:00:00Z', 4)).toEqual([
      '2026-03-02T11:30:00.000Z up',
      '2026-03-02T22:30:00.000Z down',
      '2026-03-09T10:30:00.000Z up',
      '2026-03-09T21:30:00.000Z down',
    ]);
  });

  it('Adelaide spring-forward (first Sunday of October) moves business hours an hour earlier in UTC', () => {
    expect(boundaries('Fri 09:00-17:00 Australia/Adelaide', '2026-09-30T00:00:00Z', 4)).toEqual([
      '2026-10-01T23:30:00.000Z up',
      '2026-10-02T07:30:00.000Z down',
      '2026-10-08T22:30:00.000Z up',
      '2026-10-09T06:30:00.000Z down',
    ]);
  });
});
