import { describe, it } from 'vitest';
import { ANNOTATIONS as A } from '../../src/common/annotations.js';
import { checkDecision, type DecisionCase, namespace, sentRecord } from '../support/fixtures.js';

/**
 * Decisions on the days clocks change (the other decision tables fall in 2–8 November 2026, a
 * week without one). Every instant is UTC; the comments give the local wall time.
 */
const at = (iso: string): number => Date.parse(iso);

const suspendedAuto = (uptime: string, suspendedAt: string) =>
  namespace({
    runningPods: 0,
    scaledUpWorkloads: 0,
    annotations: {
      [A.uptime]: uptime,
      [A.wake]: 'auto',
      [A.state]: 'suspended',
      [A.suspendedAt]: suspendedAt,
    },
  });

describe('auto wake across a clock change that swallows a window', () => {
  it.each<DecisionCase>([
    {
      name: 'a Berlin Sunday 02:00-02:30 window skipped by spring-forward wakes the namespace the Sunday after',
      obs: suspendedAuto('Sun 02:00-02:30 Europe/Berlin', '2026-03-22T01:30:00Z'),
      now: at('2026-03-23T00:00:00Z'),
      expected: { kind: 'none', state: 'suspended', nextCheckAt: at('2026-04-05T00:00:00Z') },
    },
    {
      name: 'and on that Sunday at 02:05 CEST it resumes',
      obs: suspendedAuto('Sun 02:00-02:30 Europe/Berlin', '2026-03-22T01:30:00Z'),
      now: at('2026-04-05T00:05:00Z'),
      expected: { kind: 'resume' },
    },
    {
      name: 'a Los Angeles Sunday 02:00-03:00 window skipped by spring-forward wakes it a week later',
      obs: suspendedAuto('Sun 02:00-03:00 America/Los_Angeles', '2026-03-01T11:00:00Z'),
      now: at('2026-03-04T16:08:00Z'),
      expected: { kind: 'none', state: 'suspended', nextCheckAt: at('2026-03-15T09:00:00Z') },
    },
    {
      name: 'an absolute range later in the year does not hide the next week’s window',
      obs: suspendedAuto(
        'Sun 02:00-03:00 America/Los_Angeles, 2026-06-01T00:00:00+00:00-2026-06-02T00:00:00+00:00',
        '2026-03-01T11:00:00Z',
      ),
      now: at('2026-03-04T16:08:00Z'),
      expected: { kind: 'none', nextCheckAt: at('2026-03-15T09:00:00Z') },
    },
    {
      name: 'a Cairo Friday window starting at midnight, which spring-forward skips, opens at the jump',
      obs: suspendedAuto('Fri 00:00-09:00 Africa/Cairo', '2026-04-17T07:00:00Z'),
      now: at('2026-04-20T00:00:00Z'),
      // Thursday 23:59:59 EET is followed by Friday 01:00 EEST at 22:00 UTC.
      expected: { kind: 'none', nextCheckAt: at('2026-04-23T22:00:00Z') },
    },
  ])('$name', checkDecision);
});

describe('shutdowns and reminders on the night a clock changes', () => {
  it.each<DecisionCase>([
    {
      name: 'on the Berlin fall-back night a window ending at 02:30 shuts down at the first 02:30',
      obs: namespace({ annotations: { [A.uptime]: 'Sat 20:00-02:30 Europe/Berlin' } }),
      now: at('2026-10-24T23:00:00Z'), // Sunday 01:00 CEST
      expected: {
        kind: 'none',
        shutdownAt: at('2026-10-25T00:30:00Z'),
        nextCheckAt: at('2026-10-24T23:30:00Z'),
        annotations: { [A.shutdownAt]: '2026-10-25T00:30:00Z' },
      },
    },
    {
      name: 'after the first 02:30 with its reminders sent it is suspended, not kept for the second 02:30',
      obs: namespace({
        annotations: {
          [A.uptime]: 'Sat 20:00-02:30 Europe/Berlin',
          [A.shutdownAt]: '2026-10-25T00:30:00Z',
          [A.reminderSent]: sentRecord(15, at('2026-10-25T00:30:00Z')),
        },
      }),
      now: at('2026-10-25T01:10:00Z'), // the second 02:10, CET
      expected: { kind: 'suspend' },
    },
    {
      name: 'on the Berlin spring night a window ending at the skipped 02:30 shuts down at the jump to 03:00',
      obs: namespace({ annotations: { [A.uptime]: 'Sat 20:00-02:30 Europe/Berlin' } }),
      now: at('2026-03-28T23:50:00Z'), // Sunday 00:50 CET
      expected: {
        kind: 'none',
        shutdownAt: at('2026-03-29T01:00:00Z'),
        nextCheckAt: at('2026-03-29T00:00:00Z'),
      },
    },
    {
      name: 'Berlin business hours end at 18:00 UTC the Friday before spring-forward',
      obs: namespace(),
      now: at('2026-03-27T11:00:00Z'),
      expected: { kind: 'none', shutdownAt: at('2026-03-27T18:00:00Z') },
    },
    {
      name: 'and at 17:00 UTC the Monday after',
      obs: namespace(),
      now: at('2026-03-30T10:00:00Z'),
      expected: {
        kind: 'none',
        shutdownAt: at('2026-03-30T17:00:00Z'),
        nextCheckAt: at('2026-03-30T16:00:00Z'),
      },
    },
    {
      name: "Troll's two-hour jump ends a Sunday 00:00-02:00 window at 01:00 UTC, so the 60-minute reminder is due at once",
      obs: namespace({ annotations: { [A.uptime]: 'Sun 00:00-02:00 Antarctica/Troll' } }),
      now: at('2026-03-29T00:10:00Z'), // 00:10 +00, fifty minutes before the jump to 03:00
      expected: {
        kind: 'remind',
        offsetMinutes: 60,
        late: false,
        shutdownAt: at('2026-03-29T01:00:00Z'),
        nextCheckAt: at('2026-03-29T00:30:00Z'),
      },
    },
    {
      name: "Lord Howe's half-hour jump ends a window at the skipped 02:15 when the clock reaches 02:30",
      obs: namespace({ annotations: { [A.uptime]: 'Sat 22:00-02:15 Australia/Lord_Howe' } }),
      now: at('2026-10-03T14:00:00Z'), // Sunday 00:30 +10:30
      expected: {
        kind: 'none',
        shutdownAt: at('2026-10-03T15:30:00Z'),
        nextCheckAt: at('2026-10-03T14:30:00Z'),
      },
    },
    {
      name: 'Santiago falls back at 24:00: a Saturday window ending at 23:30 ends at the first 23:30',
      obs: namespace({ annotations: { [A.uptime]: 'Sat 22:00-23:30 America/Santiago' } }),
      now: at('2026-04-05T02:00:00Z'), // Saturday 23:00 -03, the first time
      expected: { kind: 'remind', offsetMinutes: 30, shutdownAt: at('2026-04-05T02:30:00Z') },
    },
    {
      name: 'and the repeated Saturday 23:10 in Santiago is not uptime again',
      obs: namespace({
        annotations: {
          [A.uptime]: 'Sat 22:00-23:30 America/Santiago',
          [A.shutdownAt]: '2026-04-05T02:30:00Z',
          [A.reminderSent]: sentRecord(15, at('2026-04-05T02:30:00Z')),
        },
      }),
      now: at('2026-04-05T03:10:00Z'), // Saturday 23:10 -04, the second time
      expected: { kind: 'suspend' },
    },
    {
      name: 'in Nuuk Saturday 23:00-24:00 does not exist in spring: a window ending at 23:30 ends at the jump to Sunday',
      obs: namespace({ annotations: { [A.uptime]: 'Sat 20:00-23:30 America/Nuuk' } }),
      now: at('2026-03-29T00:30:00Z'), // Saturday 22:30 -02
      expected: { kind: 'remind', offsetMinutes: 30, shutdownAt: at('2026-03-29T01:00:00Z') },
    },
  ])('$name', checkDecision);
});
