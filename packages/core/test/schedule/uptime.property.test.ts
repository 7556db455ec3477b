import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../../src/schedule/schedule.js';
import { isUptime, nextBoundary } from '../../src/schedule/uptime.js';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();

const ZONES = [
  'Europe/Berlin',
  'UTC',
  'Asia/Kolkata',
  'Australia/Adelaide',
  'America/St_Johns',
  'America/New_York',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
];
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const hhmm = (m: number): string =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Random weekly windows on a 15-minute grid (every zone above has quarter-hour offsets). */
const windowText = fc
  .record({
    from: fc.integer({ min: 0, max: 6 }),
    to: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
    start: fc.integer({ min: 0, max: 95 }),
    end: fc.integer({ min: 1, max: 96 }),
    zone: fc.constantFrom(...ZONES),
  })
  .filter((w) => w.start !== w.end)
  .map(
    (w) =>
      `${DAYS[w.from]}${w.to === undefined ? '' : `-${DAYS[w.to]}`} ${hhmm(w.start * 15)}-${hhmm(w.end * 15)} ${w.zone}`,
  );
const scheduleText = fc
  .array(windowText, { minLength: 1, maxLength: 3 })
  .map((ws) => ws.join(', '));
/** Instants from 2026 to 2028, covering several DST changes in every zone. */
const instant = fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2028-12-31T00:00:00Z') });

describe('uptime properties', () => {
  it('isUptime just before and at every boundary differ, and the boundary reports the new state', () => {
    fc.assert(
      fc.property(scheduleText, instant, (text, t) => {
        const schedule = parseSchedule(text);
        let from = t;
        for (let i = 0; i < 6; i++) {
          const b = nextBoundary(schedule, from);
          if (b === null) return;
          expect(b.at).toBeGreaterThan(from);
          expect(isUptime(schedule, b.at - 1)).toBe(!b.uptime);
          expect(isUptime(schedule, b.at)).toBe(b.uptime);
          from = b.at;
        }
      }),
      { numRuns: 150 },
    );
  });

  it('nextBoundary is strictly increasing and alternates between up and down', () => {
    fc.assert(
      fc.property(scheduleText, instant, (text, t) => {
        const schedule = parseSchedule(text);
        let prev = nextBoundary(schedule, t);
        for (let i = 0; i < 8 && prev !== null; i++) {
          const next = nextBoundary(schedule, prev.at);
          if (next === null) return;
          expect(next.at).toBeGreaterThan(prev.at);
          expect(next.uptime).toBe(!prev.uptime);
          prev = next;
        }
      }),
      { numRuns: 150 },
    );
  });

  it('no boundary is skipped: every sampled instant before the next boundary has the state of t', () => {
    fc.assert(
      fc.property(
        scheduleText,
        instant,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 20, maxLength: 20 }),
        (text, t, fractions) => {
          const schedule = parseSchedule(text);
          const state = isUptime(schedule, t);
          const b = nextBoundary(schedule, t);
          const horizon = b === null ? t + 30 * 86_400_000 : b.at;
          for (const f of fractions) {
            const sample = Math.floor(t + f * (horizon - t));
            if (sample < horizon) expect(isUptime(schedule, sample)).toBe(state);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('scanning three weeks around a DST change every 15 minutes finds exactly the reported boundaries', () => {
    fc.assert(
      fc.property(
        scheduleText,
        fc.constantFrom(
          '2026-03-26T00:00:00Z',
          '2026-10-22T00:00:00Z',
          '2026-03-05T00:00:00Z',
          '2026-09-30T00:00:00Z',
          '2026-10-29T00:00:00Z',
        ),
        (text, startIso) => {
          const schedule = parseSchedule(text);
          const start = at(startIso);
          const end = start + 21 * 86_400_000;
          const scanned: number[] = [];
          let prev = isUptime(schedule, start);
          for (let t = start + 900_000; t <= end; t += 900_000) {
            const now = isUptime(schedule, t);
            if (now !== prev) scanned.push(t);
            prev = now;
          }
          const reported: number[] = [];
          for (
            let b = nextBoundary(schedule, start);
            b !== null && b.at <= end;
            b = nextBoundary(schedule, b.at)
          ) {
            reported.push(b.at);
          }
          expect(reported.map(iso)).toEqual(scanned.map(iso));
        },
      ),
      { numRuns: 25 },
    );
    // Pure CPU (about 50,000 evaluations per run): a loaded machine slows it several times over.
  }, 180_000);
});
