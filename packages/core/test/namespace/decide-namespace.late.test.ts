import { describe, expect, it } from 'vitest';
import { ANNOTATIONS as A } from '../../src/common/annotations.js';
import {
  berlin,
  checkDecision,
  type DecisionCase,
  iso,
  namespace,
  sentRecord,
} from '../support/fixtures.js';

const END = berlin('wed', '19:00');

describe('namespaces that come under the schedule late', () => {
  it.each<DecisionCase>([
    {
      name: 'a namespace found running on a Saturday with pods gets the last reminder and 15 minutes of grace',
      obs: namespace(),
      now: berlin('sat', '10:00'),
      expected: {
        kind: 'remind',
        offsetMinutes: 15,
        late: true,
        shutdownAt: berlin('sat', '10:15'),
      },
    },
    {
      name: 'during the grace period nothing more is sent',
      obs: namespace({
        annotations: {
          [A.shutdownAt]: iso(berlin('sat', '10:15')),
          [A.reminderSent]: sentRecord(15, berlin('sat', '10:15')),
        },
      }),
      now: berlin('sat', '10:05'),
      expected: { kind: 'none', nextCheckAt: berlin('sat', '10:15') },
    },
    {
      name: 'after the grace period the namespace is suspended',
      obs: namespace({
        annotations: {
          [A.shutdownAt]: iso(berlin('sat', '10:15')),
          [A.reminderSent]: sentRecord(15, berlin('sat', '10:15')),
        },
      }),
      now: berlin('sat', '10:15'),
      expected: { kind: 'suspend' },
    },
    {
      // Found by the simulated-days property test: the uptime start coinciding with the planned
      // shutdown was missed, so the namespace was suspended on a reminder from the day before.
      name: 'a shutdown planned for the instant uptime opens, with the agent down through that day, gets a fresh reminder instead of a suspend',
      obs: namespace({
        annotations: {
          [A.shutdownAt]: iso(berlin('thu', '08:00')),
          [A.reminderSent]: sentRecord(60, berlin('thu', '08:00')),
        },
      }),
      now: berlin('fri', '07:00'),
      expected: {
        kind: 'remind',
        offsetMinutes: 15,
        late: true,
        shutdownAt: berlin('fri', '07:15'),
      },
    },
    {
      name: 'a namespace whose window ended while the agent was down, without a reminder, gets the last reminder',
      obs: namespace({ annotations: { [A.shutdownAt]: iso(END) } }),
      now: berlin('wed', '19:30'),
      expected: {
        kind: 'remind',
        offsetMinutes: 15,
        late: true,
        shutdownAt: berlin('wed', '19:45'),
      },
    },
    {
      name: 'a reminder sent before the agent went down overnight still counts: suspended at once',
      obs: namespace({
        annotations: {
          [A.shutdownAt]: iso(berlin('fri', '19:00')),
          [A.reminderSent]: sentRecord(15, berlin('fri', '19:00')),
        },
      }),
      now: berlin('sat', '10:00'),
      expected: { kind: 'suspend' },
    },
    {
      name: 'a reminder from before the last uptime window is stale: a fresh last reminder comes first',
      obs: namespace({
        annotations: {
          [A.shutdownAt]: iso(berlin('thu', '19:00')),
          [A.reminderSent]: sentRecord(15, berlin('thu', '19:00')),
        },
      }),
      now: berlin('sat', '10:00'),
      expected: { kind: 'remind', offsetMinutes: 15, late: true },
    },
  ])('$name', checkDecision);
});

describe('snoozes and the daily reset', () => {
  it.each<DecisionCase>([
    {
      name: 'an active snooze postpones the shutdown to its end',
      obs: namespace({
        annotations: {
          [A.snoozedUntil]: iso(berlin('wed', '21:00')),
          [A.shutdownAt]: iso(berlin('wed', '21:00')),
        },
      }),
      now: berlin('wed', '19:30'),
      expected: {
        kind: 'none',
        shutdownAt: berlin('wed', '21:00'),
        nextCheckAt: berlin('wed', '20:00'),
        reason: expect.stringContaining('snoozed until'),
        annotations: {},
      },
    },
    {
      name: 'reminders re-arm relative to the snooze end',
      obs: namespace({
        annotations: {
          [A.snoozedUntil]: iso(berlin('wed', '21:00')),
          [A.shutdownAt]: iso(berlin('wed', '21:00')),
        },
      }),
      now: berlin('wed', '20:10'),
      expected: { kind: 'remind', offsetMinutes: 60, shutdownAt: berlin('wed', '21:00') },
    },
    {
      name: 'a snooze ending inside the next uptime window hands over to that window end',
      obs: namespace({ annotations: { [A.snoozedUntil]: iso(berlin('thu', '10:00')) } }),
      now: berlin('wed', '20:00'),
      expected: { kind: 'none', shutdownAt: berlin('thu', '19:00') },
    },
    {
      name: 'a snooze longer than the next uptime start is honoured until it ends',
      obs: namespace({
        annotations: {
          [A.snoozedUntil]: iso(berlin('fri', '21:00')),
          [A.shutdownAt]: iso(berlin('fri', '21:00')),
        },
      }),
      now: berlin('thu', '19:00'),
      expected: {
        kind: 'none',
        shutdownAt: berlin('fri', '21:00'),
        nextCheckAt: berlin('fri', '20:00'),
      },
    },
    {
      name: 'an ended snooze is cleared',
      obs: namespace({
        annotations: { [A.snoozedUntil]: iso(berlin('wed', '12:00')), [A.shutdownAt]: iso(END) },
      }),
      now: berlin('wed', '13:00'),
      expected: { kind: 'none', shutdownAt: END, annotations: { [A.snoozedUntil]: null } },
    },
    {
      name: 'a garbled snooze is cleared and ignored',
      obs: namespace({ annotations: { [A.snoozedUntil]: 'tomorrow', [A.shutdownAt]: iso(END) } }),
      now: berlin('wed', '13:00'),
      expected: { kind: 'none', shutdownAt: END, annotations: { [A.snoozedUntil]: null } },
    },
    {
      name: 'when a snooze ends outside uptime after its reminder the namespace is suspended and the snooze cleared',
      obs: namespace({
        annotations: {
          [A.snoozedUntil]: iso(berlin('wed', '21:00')),
          [A.shutdownAt]: iso(berlin('wed', '21:00')),
          [A.reminderSent]: sentRecord(15, berlin('wed', '21:00')),
        },
      }),
      now: berlin('wed', '21:00'),
      expected: {
        kind: 'suspend',
        annotations: expect.objectContaining({ [A.snoozedUntil]: null }),
      },
    },
    {
      name: 'when a snooze ended while the agent was down the namespace gets the last reminder first',
      obs: namespace({
        annotations: {
          [A.snoozedUntil]: iso(berlin('wed', '21:00')),
          [A.shutdownAt]: iso(berlin('wed', '21:00')),
        },
      }),
      now: berlin('wed', '22:00'),
      expected: {
        kind: 'remind',
        offsetMinutes: 15,
        late: true,
        annotations: expect.objectContaining({ [A.snoozedUntil]: null }),
      },
    },
    {
      name: 'the morning after a prolongation the default window end applies again',
      obs: namespace({
        annotations: {
          [A.shutdownAt]: iso(berlin('wed', '21:00')),
          [A.reminderSent]: sentRecord(15, berlin('wed', '21:00')),
        },
      }),
      now: berlin('thu', '09:00'),
      expected: {
        kind: 'none',
        shutdownAt: berlin('thu', '19:00'),
        annotations: { [A.shutdownAt]: iso(berlin('thu', '19:00')), [A.reminderSent]: null },
      },
    },
  ])('$name', checkDecision);
});
