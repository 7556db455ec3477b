import { describe, expect, it } from 'vitest';
import { ANNOTATIONS as A, LABELS } from '../../src/common/annotations.js';
import {
  berlin,
  checkDecision,
  type DecisionCase,
  iso,
  namespace,
  sentRecord,
} from '../support/fixtures.js';

const END = berlin('wed', '19:00');

describe('which namespaces are managed', () => {
  it.each<DecisionCase>([
    {
      name: 'kube-system is a system namespace even when labelled managed=true',
      obs: namespace({ name: 'kube-system' }),
      now: berlin('wed', '19:00'),
      expected: { kind: 'system', state: 'system', annotations: {}, nextCheckAt: null },
    },
    {
      name: "the agent's own namespace is never touched",
      obs: namespace({ name: 'curfew-system' }),
      now: berlin('wed', '19:00'),
      expected: { kind: 'system' },
    },
    {
      name: 'a configured system namespace is never touched in an opt-out cluster',
      obs: namespace({ name: 'monitoring', labels: {} }),
      now: berlin('wed', '19:00'),
      expected: { kind: 'system' },
    },
    {
      name: 'a terminating namespace is left alone',
      obs: namespace({ phase: 'Terminating' }),
      now: berlin('wed', '19:00'),
      expected: { kind: 'unmanaged', reason: 'namespace is terminating' },
    },
    {
      name: 'in an opt-in cluster an unlabelled namespace is unmanaged',
      obs: namespace({ labels: {} }),
      now: berlin('wed', '19:00'),
      policy: { mode: 'opt-in' },
      expected: { kind: 'unmanaged', state: 'unmanaged' },
    },
    {
      name: 'in an opt-in cluster a namespace labelled managed=true is suspended at window end',
      obs: namespace({ runningPods: 0 }),
      now: berlin('wed', '19:00'),
      policy: { mode: 'opt-in' },
      expected: { kind: 'suspend' },
    },
    {
      name: 'in an opt-out cluster a namespace labelled managed=false is unmanaged',
      obs: namespace({ labels: { [LABELS.managed]: 'false' } }),
      now: berlin('wed', '19:00'),
      expected: { kind: 'unmanaged', reason: `labelled ${LABELS.managed}=false` },
    },
    {
      name: 'in an opt-out cluster an unlabelled namespace is managed',
      obs: namespace({ labels: {}, runningPods: 0 }),
      now: berlin('wed', '19:00'),
      expected: { kind: 'suspend' },
    },
  ])('$name', checkDecision);
});

describe('schedules and their errors', () => {
  it.each<DecisionCase>([
    {
      name: 'an invalid uptime override is reported and the namespace is left alone',
      obs: namespace({ annotations: { [A.uptime]: 'Mon-Fri 8-19' } }),
      now: berlin('wed', '19:00'),
      expected: {
        kind: 'invalid',
        state: 'running',
        annotations: {},
        nextCheckAt: null,
        error: { message: expect.stringContaining(`The annotation ${A.uptime} is invalid`) },
      },
    },
    {
      name: 'an invalid wake value is reported and the namespace is left alone',
      obs: namespace({ annotations: { [A.wake]: 'sometimes', [A.state]: 'suspended' } }),
      now: berlin('wed', '19:00'),
      expected: {
        kind: 'invalid',
        state: 'suspended',
        error: { hint: expect.stringContaining("'auto'") },
      },
    },
    {
      name: 'an invalid cluster default is reported as the cluster default',
      obs: namespace(),
      now: berlin('wed', '19:00'),
      policy: { defaultUptime: 'weekdays' },
      expected: {
        kind: 'invalid',
        error: { message: expect.stringContaining('cluster default uptime') },
      },
    },
    {
      name: 'invalid reminder offsets are reported',
      obs: namespace(),
      now: berlin('wed', '19:00'),
      policy: { reminderOffsetsMinutes: [] },
      expected: { kind: 'invalid' },
    },
    {
      name: 'a per-namespace override replaces the cluster default',
      obs: namespace({ annotations: { [A.uptime]: 'Mon-Fri 08:00-21:00 Europe/Berlin' } }),
      now: berlin('wed', '19:30'),
      expected: {
        kind: 'none',
        shutdownAt: berlin('wed', '21:00'),
        nextCheckAt: berlin('wed', '20:00'),
      },
    },
    {
      name: 'an always schedule never suspends and drops a planned shutdown',
      obs: namespace({
        annotations: {
          [A.uptime]: 'always',
          [A.shutdownAt]: iso(berlin('wed', '19:00')),
          [A.reminderSent]: sentRecord(60, berlin('wed', '19:00')),
        },
      }),
      now: berlin('wed', '23:00'),
      expected: {
        kind: 'none',
        shutdownAt: null,
        nextCheckAt: null,
        annotations: { [A.shutdownAt]: null, [A.reminderSent]: null },
      },
    },
    {
      name: 'an always schedule with nothing planned writes nothing',
      obs: namespace({ annotations: { [A.uptime]: 'always' } }),
      now: berlin('wed', '23:00'),
      expected: { kind: 'none', annotations: {} },
    },
    {
      name: 'a never schedule gives a running namespace the last reminder before suspending it',
      obs: namespace({ annotations: { [A.uptime]: 'never' } }),
      now: berlin('wed', '11:00'),
      expected: {
        kind: 'remind',
        offsetMinutes: 15,
        late: true,
        shutdownAt: berlin('wed', '11:15'),
      },
    },
    {
      name: 'a never schedule suspends a namespace without running pods at once',
      obs: namespace({ annotations: { [A.uptime]: 'never' }, runningPods: 0 }),
      now: berlin('wed', '11:00'),
      expected: { kind: 'suspend' },
    },
  ])('$name', checkDecision);
});

describe('reminders before the shutdown at window end', () => {
  it.each<DecisionCase>([
    {
      name: 'a running namespace at noon has nothing due and records the shutdown at window end',
      obs: namespace(),
      now: berlin('wed', '12:00'),
      expected: {
        kind: 'none',
        state: 'running',
        shutdownAt: END,
        nextCheckAt: berlin('wed', '18:00'),
        annotations: { [A.shutdownAt]: iso(END) },
      },
    },
    {
      name: 'a running namespace 45 minutes before window end gets the 60-minute reminder',
      obs: namespace({ annotations: { [A.shutdownAt]: iso(END) } }),
      now: berlin('wed', '18:15'),
      expected: {
        kind: 'remind',
        offsetMinutes: 60,
        shutdownAt: END,
        late: false,
        nextCheckAt: berlin('wed', '18:30'),
        annotations: { [A.shutdownAt]: iso(END), [A.reminderSent]: sentRecord(60, END) },
      },
    },
    {
      name: 'a namespace 25 minutes before shutdown that had the 60-minute reminder gets the 30-minute one',
      obs: namespace({
        annotations: { [A.shutdownAt]: iso(END), [A.reminderSent]: sentRecord(60, END) },
      }),
      now: berlin('wed', '18:35'),
      expected: { kind: 'remind', offsetMinutes: 30, nextCheckAt: berlin('wed', '18:45') },
    },
    {
      name: 'after the 30-minute reminder nothing is due until the 15-minute mark',
      obs: namespace({
        annotations: { [A.shutdownAt]: iso(END), [A.reminderSent]: sentRecord(30, END) },
      }),
      now: berlin('wed', '18:35'),
      expected: { kind: 'none', nextCheckAt: berlin('wed', '18:45'), annotations: {} },
    },
    {
      name: 'after the 15-minute reminder the next check is the shutdown itself',
      obs: namespace({
        annotations: { [A.shutdownAt]: iso(END), [A.reminderSent]: sentRecord(15, END) },
      }),
      now: berlin('wed', '18:50'),
      expected: { kind: 'none', nextCheckAt: END },
    },
    {
      name: 'an agent back 20 minutes before shutdown sends only the 30-minute reminder, not the 60 too',
      obs: namespace({ annotations: { [A.shutdownAt]: iso(END) } }),
      now: berlin('wed', '18:40'),
      expected: {
        kind: 'remind',
        offsetMinutes: 30,
        late: false,
        shutdownAt: END,
        nextCheckAt: berlin('wed', '18:45'),
      },
    },
    {
      name: 'an agent back 14 minutes before shutdown after the 60-minute reminder sends only the 15-minute one',
      obs: namespace({
        annotations: { [A.shutdownAt]: iso(END), [A.reminderSent]: sentRecord(60, END) },
      }),
      now: berlin('wed', '18:46'),
      expected: {
        kind: 'remind',
        offsetMinutes: 15,
        late: false,
        shutdownAt: END,
        nextCheckAt: END,
      },
    },
    {
      name: 'a namespace whose 60-minute reminder is recorded does not get it again',
      obs: namespace({
        annotations: { [A.shutdownAt]: iso(END), [A.reminderSent]: sentRecord(60, END) },
      }),
      now: berlin('wed', '18:15'),
      expected: { kind: 'none' },
    },
    {
      name: 'a reminder recorded for a different shutdown does not count',
      obs: namespace({
        annotations: {
          [A.shutdownAt]: iso(END),
          [A.reminderSent]: sentRecord(15, berlin('tue', '19:00')),
        },
      }),
      now: berlin('wed', '18:10'),
      expected: { kind: 'remind', offsetMinutes: 60 },
    },
    {
      name: 'a new namespace 10 minutes before window end gets the 15-minute reminder and a full 15 minutes',
      obs: namespace(),
      now: berlin('wed', '18:50'),
      expected: {
        kind: 'remind',
        offsetMinutes: 15,
        late: true,
        shutdownAt: berlin('wed', '19:05'),
        annotations: {
          [A.shutdownAt]: iso(berlin('wed', '19:05')),
          [A.reminderSent]: sentRecord(15, berlin('wed', '19:05')),
        },
      },
    },
    {
      name: 'the granted grace outlasts the window end: at 19:00 nothing happens until 19:05',
      obs: namespace({
        annotations: {
          [A.shutdownAt]: iso(berlin('wed', '19:05')),
          [A.reminderSent]: sentRecord(15, berlin('wed', '19:05')),
        },
      }),
      now: berlin('wed', '19:00'),
      expected: {
        kind: 'none',
        shutdownAt: berlin('wed', '19:05'),
        nextCheckAt: berlin('wed', '19:05'),
      },
    },
    {
      name: 'a namespace with no running pods gets no reminder',
      obs: namespace({ runningPods: 0, annotations: { [A.shutdownAt]: iso(END) } }),
      now: berlin('wed', '18:45'),
      expected: { kind: 'none', shutdownAt: END },
    },
    {
      name: 'a namespace with no running pods is suspended at window end without a reminder',
      obs: namespace({ runningPods: 0, annotations: { [A.shutdownAt]: iso(END) } }),
      now: END,
      expected: {
        kind: 'suspend',
        state: 'suspended',
        shutdownAt: null,
        nextCheckAt: null,
        annotations: {
          [A.state]: 'suspended',
          [A.suspendedAt]: iso(END),
          [A.suspendedBy]: 'schedule',
          [A.shutdownAt]: null,
          [A.reminderSent]: null,
        },
      },
    },
    {
      name: 'pods that start after the 15-minute mark still get a reminder and 15 minutes',
      obs: namespace({ annotations: { [A.shutdownAt]: iso(END) } }),
      now: berlin('wed', '18:55'),
      expected: {
        kind: 'remind',
        offsetMinutes: 15,
        late: true,
        shutdownAt: berlin('wed', '19:10'),
      },
    },
    {
      name: 'at the shutdown time after a reminder the namespace is suspended',
      obs: namespace({
        annotations: { [A.shutdownAt]: iso(END), [A.reminderSent]: sentRecord(15, END) },
      }),
      now: END,
      expected: { kind: 'suspend', reason: expect.stringContaining('after a reminder') },
    },
    {
      name: 'extended uptime (override changed) re-arms the reminders for the new end',
      obs: namespace({
        annotations: {
          [A.uptime]: 'Mon-Fri 08:00-21:00 Europe/Berlin',
          [A.shutdownAt]: iso(END),
          [A.reminderSent]: sentRecord(60, END),
        },
      }),
      now: berlin('wed', '18:10'),
      expected: {
        kind: 'none',
        shutdownAt: berlin('wed', '21:00'),
        annotations: { [A.shutdownAt]: iso(berlin('wed', '21:00')), [A.reminderSent]: null },
      },
    },
    {
      name: 'a shortened override never brings a shutdown forward that the owner was told about',
      obs: namespace({
        annotations: {
          [A.uptime]: 'Mon-Fri 08:00-18:00 Europe/Berlin',
          [A.shutdownAt]: iso(END),
          [A.reminderSent]: sentRecord(60, END),
        },
      }),
      now: berlin('wed', '18:10'),
      expected: { kind: 'none', shutdownAt: END, nextCheckAt: berlin('wed', '18:30') },
    },
  ])('$name', checkDecision);
});
