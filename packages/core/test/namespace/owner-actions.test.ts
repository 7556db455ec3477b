import { describe, expect, it } from 'vitest';
import { ANNOTATIONS as A, LABELS } from '../../src/common/annotations.js';
import { CurfewInputError } from '../../src/common/errors.js';
import {
  applySnooze,
  resumeAnnotations,
  suspendAnnotations,
} from '../../src/namespace/owner-actions.js';
import { berlin, iso, namespace, POLICY } from '../support/fixtures.js';

const HOUR = 3_600_000;

interface SnoozeCase {
  name: string;
  annotations: Record<string, string>;
  now: number;
  duration: number;
  until: number;
  shutdown: number;
}

describe('applySnooze', () => {
  it.each<SnoozeCase>([
    {
      name: 'a snooze before window end moves the shutdown from the window end, not from now',
      annotations: {},
      now: berlin('wed', '18:15'),
      duration: HOUR,
      until: berlin('wed', '20:00'),
      shutdown: berlin('wed', '20:00'),
    },
    {
      name: 'a snooze during the grace period moves the shutdown from the planned time',
      annotations: {
        [A.shutdownAt]: iso(berlin('sat', '10:15')),
        [A.reminderSent]: `15@${iso(berlin('sat', '10:15'))}`,
      },
      now: berlin('sat', '10:05'),
      duration: 3 * HOUR,
      until: berlin('sat', '13:15'),
      shutdown: berlin('sat', '13:15'),
    },
    {
      name: 'snoozing twice adds up from the first snooze',
      annotations: {
        [A.snoozedUntil]: iso(berlin('wed', '20:00')),
        [A.shutdownAt]: iso(berlin('wed', '20:00')),
      },
      now: berlin('wed', '18:30'),
      duration: HOUR,
      until: berlin('wed', '21:00'),
      shutdown: berlin('wed', '21:00'),
    },
    {
      name: 'a one-day snooze ending in the next window shuts down at that window end',
      annotations: {},
      now: berlin('sun', '10:00'),
      duration: 24 * HOUR,
      until: berlin('sun', '10:00') + 24 * HOUR,
      shutdown: berlin('sun', '19:00') + 24 * HOUR,
    },
    {
      name: 'a three-day snooze on Friday evening is honoured until Monday evening',
      annotations: {},
      now: berlin('fri', '18:30'),
      duration: 72 * HOUR,
      until: berlin('fri', '19:00') + 72 * HOUR,
      shutdown: berlin('fri', '19:00') + 72 * HOUR,
    },
    {
      name: 'a snooze from a moment with milliseconds is rounded up to a whole second',
      annotations: {},
      now: berlin('sat', '10:00') + 400,
      duration: HOUR,
      until: berlin('sat', '11:00') + 1000,
      shutdown: berlin('sat', '11:00') + 1000,
    },
  ])('$name', ({ annotations, now, duration, until, shutdown }) => {
    const result = applySnooze(namespace({ annotations }), POLICY, now, duration);
    expect(result).toEqual({
      snoozedUntil: until,
      shutdownAt: shutdown,
      annotations: {
        [A.snoozedUntil]: iso(until),
        [A.shutdownAt]: iso(shutdown),
        [A.reminderSent]: null,
      },
    });
  });

  it('on an always schedule the snooze is recorded but no shutdown is planned', () => {
    const result = applySnooze(
      namespace({ annotations: { [A.uptime]: 'always' } }),
      POLICY,
      berlin('wed', '12:00'),
      HOUR,
    );
    expect(result.shutdownAt).toBeNull();
    expect(result.annotations[A.shutdownAt]).toBeNull();
  });

  it.each([
    {
      name: 'an unmanaged namespace cannot be snoozed',
      obs: namespace({ labels: { [LABELS.managed]: 'false' } }),
      ms: HOUR,
      message: /not managed/,
    },
    {
      name: 'a system namespace cannot be snoozed',
      obs: namespace({ name: 'kube-public' }),
      ms: HOUR,
      message: /not managed/,
    },
    {
      name: 'a namespace with an invalid schedule cannot be snoozed',
      obs: namespace({ annotations: { [A.uptime]: 'nope' } }),
      ms: HOUR,
      message: /invalid/,
    },
    {
      name: 'a zero snooze is refused',
      obs: namespace(),
      ms: 0,
      message: /between one second and one year/,
    },
    {
      name: 'a snooze longer than a year is refused',
      obs: namespace(),
      ms: 400 * 24 * HOUR,
      message: /between one second and one year/,
    },
  ])('$name', ({ obs, ms, message }) => {
    expect(() => applySnooze(obs, POLICY, berlin('wed', '12:00'), ms)).toThrow(CurfewInputError);
    expect(() => applySnooze(obs, POLICY, berlin('wed', '12:00'), ms)).toThrow(message);
  });

  it('the refusal for a system namespace says there is nothing to do', () => {
    try {
      applySnooze(namespace({ name: 'kube-public' }), POLICY, 0, HOUR);
    } catch (e) {
      expect((e as CurfewInputError).hint).toMatch(/never suspended/);
    }
    expect.assertions(1);
  });
});

describe('resume and suspend annotations', () => {
  it('a person resuming in the evening gets at least the largest reminder offset of runtime', () => {
    const patch = resumeAnnotations(
      namespace({
        annotations: { [A.state]: 'suspended', [A.suspendedAt]: iso(berlin('wed', '19:00')) },
      }),
      POLICY,
      berlin('wed', '21:00'),
    );
    expect(patch).toEqual({
      [A.state]: 'running',
      [A.suspendedAt]: null,
      [A.suspendedBy]: null,
      [A.reminderSent]: null,
      [A.shutdownAt]: iso(berlin('wed', '22:00')),
    });
  });

  it('a person resuming in the morning runs until the window end', () => {
    const patch = resumeAnnotations(namespace(), POLICY, berlin('wed', '09:00'));
    expect(patch[A.shutdownAt]).toBe(iso(berlin('wed', '19:00')));
  });

  it('resuming an unmanaged namespace is refused', () => {
    expect(() =>
      resumeAnnotations(namespace({ labels: {} }), { ...POLICY, mode: 'opt-in' }, 0),
    ).toThrow(/opt-in/);
  });

  it('a suspend by a person records who and when and drops the planned shutdown', () => {
    expect(suspendAnnotations(berlin('wed', '10:00'), 'U123')).toEqual({
      [A.state]: 'suspended',
      [A.suspendedAt]: iso(berlin('wed', '10:00')),
      [A.suspendedBy]: 'U123',
      [A.shutdownAt]: null,
      [A.reminderSent]: null,
    });
  });
});
