import { describe, expect, it } from 'vitest';
import { ANNOTATIONS as A, EXPIRED_AT_ANNOTATION } from '../../src/common/annotations.js';
import { CurfewInputError } from '../../src/common/errors.js';
import type { ActionCause } from '../../src/namespace/action-cause.js';
import { decideNamespace } from '../../src/namespace/decide-namespace.js';
import type { MarkWokenDecision } from '../../src/namespace/decision.js';
import {
  namespaceAsleep,
  planResume,
  planSnooze,
  planSuspend,
  planWake,
} from '../../src/namespace/namespace-plans.js';
import type { ScalableObservation } from '../../src/namespace/workload-plans.js';
import { berlin, iso, namespace, POLICY } from '../support/fixtures.js';

const NOW = berlin('wed', '10:00');
const HOUR = 3_600_000;
const person: ActionCause = { kind: 'command', commandId: 'c1', actor: 'U1' };

describe('planning a suspend', () => {
  it.each<{
    name: string;
    annotations: Record<string, string>;
    cause: ActionCause;
    scheduled?: Record<string, string | null>;
    expected: Record<string, unknown>;
  }>([
    {
      name: 'a person suspending a running namespace starts now, names the command in flight and clears any drift verdict',
      annotations: { [A.drift]: 'undone twice', [A.undoneSuspends]: '2' },
      cause: person,
      expected: {
        actor: 'U1',
        resuspend: false,
        suspendedAt: iso(NOW),
        start: {
          [A.state]: 'suspending',
          [A.suspendedBy]: 'U1',
          [A.suspendedAt]: iso(NOW),
          [A.actionCommand]: 'c1',
        },
        final: {
          [A.state]: 'suspended',
          [A.suspendedAt]: iso(NOW),
          [A.suspendedBy]: 'U1',
          [A.shutdownAt]: null,
          [A.reminderSent]: null,
          [A.drift]: null,
          [A.undoneSuspends]: null,
          [A.actionCommand]: null,
        },
      },
    },
    {
      name: 'the schedule suspending removes the record of an earlier command in flight',
      annotations: { [A.actionCommand]: 'c0' },
      cause: { kind: 'schedule', reason: 'end of uptime' },
      expected: { start: { [A.actionCommand]: null }, final: { [A.actionCommand]: null } },
    },
    {
      name: 'an agent finishing a suspend a command started names that command again',
      annotations: { [A.state]: 'suspending', [A.suspendedBy]: 'U7', [A.actionCommand]: 'c7' },
      cause: { kind: 'recovery', actor: 'U7', commandId: 'c7' },
      expected: { actor: 'U7', start: { [A.state]: 'suspending', [A.actionCommand]: 'c7' } },
    },
    {
      name: 'the schedule writes its decision and keeps any drift bookkeeping',
      annotations: {},
      cause: { kind: 'schedule', reason: 'end of uptime' },
      scheduled: { [A.state]: 'suspended', [A.snoozedUntil]: null },
      expected: {
        actor: 'schedule',
        final: {
          [A.state]: 'suspended',
          [A.snoozedUntil]: null,
          [A.suspendedBy]: 'schedule',
          [A.suspendedAt]: iso(NOW),
        },
      },
    },
    {
      name: 'an agent finishing an interrupted suspend keeps its instant and actor, and keeps earlier records',
      annotations: {
        [A.state]: 'suspending',
        [A.suspendedAt]: '2026-11-04T08:59:00Z',
        [A.suspendedBy]: 'U7',
      },
      cause: { kind: 'recovery', actor: 'U7' },
      expected: {
        actor: 'U7',
        resuspend: true,
        suspendedAt: '2026-11-04T08:59:00Z',
        start: {
          [A.state]: 'suspending',
          [A.suspendedBy]: 'U7',
          [A.suspendedAt]: '2026-11-04T08:59:00Z',
        },
      },
    },
    {
      name: 'suspending a suspended namespace again is a re-suspend at its first instant',
      annotations: { [A.state]: 'suspended', [A.suspendedAt]: '2026-11-03T18:00:00Z' },
      cause: person,
      expected: { resuspend: true, suspendedAt: '2026-11-03T18:00:00Z' },
    },
    {
      name: 'a suspend in flight without a recorded instant starts its instant now',
      annotations: { [A.state]: 'suspending' },
      cause: { kind: 'recovery', actor: '' },
      expected: { resuspend: true, suspendedAt: iso(NOW), actor: 'schedule' },
    },
  ])('$name', ({ annotations, cause, scheduled, expected }) => {
    expect(planSuspend(namespace({ annotations }), NOW, cause, scheduled)).toMatchObject(expected);
  });
});

describe('planning a resume', () => {
  const suspended = namespace({
    annotations: { [A.state]: 'suspended', [A.suspendedAt]: iso(berlin('tue', '19:00')) },
  });
  it('a person resuming gets the schedule planned afresh with every reminder, and the undo count starts over', () => {
    expect(planResume(suspended, POLICY, NOW, person)).toEqual({
      actor: 'U1',
      start: { [A.state]: 'resuming', [A.actionCommand]: 'c1' },
      final: {
        [A.state]: 'running',
        [A.actionCommand]: null,
        [A.suspendedAt]: null,
        [A.suspendedBy]: null,
        [A.reminderSent]: null,
        [A.shutdownAt]: iso(berlin('wed', '19:00')),
        [A.undoneSuspends]: null,
      },
    });
  });

  it('the auto-wake writes its decision, and extra annotations join the final write', () => {
    const plan = planResume(
      suspended,
      POLICY,
      NOW,
      { kind: 'schedule', reason: 'auto-wake' },
      {
        scheduled: { [A.shutdownAt]: null },
        extra: { [A.snoozedUntil]: iso(NOW + HOUR) },
      },
    );
    expect(plan.final).toEqual({
      [A.shutdownAt]: null,
      [A.snoozedUntil]: iso(NOW + HOUR),
      [A.state]: 'running',
      [A.actionCommand]: null,
      [A.suspendedAt]: null,
      [A.suspendedBy]: null,
      [A.undoneSuspends]: null,
    });
  });

  it('resuming a namespace that is not managed is refused with what to do', () => {
    expect(() =>
      planResume(namespace({ labels: {} }), { ...POLICY, mode: 'opt-in' }, NOW, person),
    ).toThrow(CurfewInputError);
  });
});

describe('planning a snooze', () => {
  it.each<{ name: string; annotations: Record<string, string>; resume: boolean; message: RegExp }>([
    {
      name: 'snoozing a running namespace only moves its shutdown',
      annotations: {},
      resume: false,
      message: /^dev-alice snoozed until 2026-11-04T19:00:00.000Z$/,
    },
    {
      name: 'snoozing a suspended namespace means resume it now and keep it up for that long',
      annotations: { [A.state]: 'suspended', [A.suspendedAt]: iso(berlin('tue', '19:00')) },
      resume: true,
      message: /resumed and snoozed until 2026-11-04T19:00:00.000Z/,
    },
    {
      name: 'snoozing a namespace whose suspend is still in flight resumes it too',
      annotations: { [A.state]: 'suspending' },
      resume: true,
      message: /resumed and snoozed/,
    },
  ])('$name', ({ annotations, resume, message }) => {
    const plan = planSnooze(namespace({ annotations }), POLICY, berlin('wed', '18:00'), HOUR);
    expect(plan.resume).toBe(resume);
    expect(plan.message).toMatch(message);
    expect(plan.annotations[A.snoozedUntil]).toBe(iso(plan.snoozedUntil));
  });

  it('a snooze of a suspended namespace counts from the shutdown its resume plans, not from one long past', () => {
    const plan = planSnooze(
      namespace({
        annotations: { [A.state]: 'suspended', [A.shutdownAt]: iso(berlin('mon', '19:00')) },
      }),
      POLICY,
      berlin('wed', '21:00'),
      HOUR,
    );
    // Resumed at 21:00 with the largest reminder offset (1h) of runtime, then snoozed an hour more.
    expect(plan.snoozedUntil).toBe(berlin('wed', '23:00'));
  });
});

describe('planning a wake by hand', () => {
  const workload = (
    name: string,
    replicas: number,
    annotations: Record<string, string> = {},
  ): ScalableObservation => ({
    kind: 'Deployment',
    name,
    namespace: 'dev-alice',
    annotations,
    replicas,
  });
  const suspendedAt = berlin('wed', '09:00');
  const obs = namespace({
    annotations: { [A.state]: 'suspended', [A.suspendedAt]: iso(suspendedAt) },
    scaledUpWorkloads: 1,
  });
  const decision = decideNamespace(obs, POLICY, NOW) as MarkWokenDecision;

  it('a person scaling one workload up wakes the namespace: their count stands and its stale record is dropped', () => {
    const plan = planWake(
      obs,
      [
        workload('web', 1, { [A.previousReplicas]: '2' }),
        workload('api', 0, { [A.previousReplicas]: '3' }),
        workload('old', 2, { [A.previousReplicas]: '4', [EXPIRED_AT_ANNOTATION]: iso(NOW) }),
        workload('pinned', 2, { [A.previousReplicas]: '4', [A.exclude]: 'true' }),
      ],
      decision,
      NOW,
    );
    expect(decision.kind).toBe('mark-woken');
    expect(plan.workloads).toEqual([
      {
        kind: 'Deployment',
        name: 'web',
        replicas: 1,
        recorded: 2,
        annotations: { [A.previousReplicas]: null },
      },
    ]);
    expect(plan.message).toMatch(
      /woken by hand.*Deployment web stays at 1 \(was 2 before the suspend\)/,
    );
    expect(plan.annotations[A.state]).toBe('running');
    expect(plan.drift).toBeNull();
  });

  it('a workload brought back to exactly its recorded count is not called out', () => {
    const plan = planWake(obs, [workload('web', 2, { [A.previousReplicas]: '2' })], decision, NOW);
    expect(plan.workloads).toHaveLength(1);
    expect(plan.message).not.toMatch(/stays at/);
  });

  it('a second quick undo in a row is reported as drift with the wake', () => {
    const quick = namespace({
      annotations: {
        [A.state]: 'suspended',
        [A.suspendedAt]: iso(NOW - 60_000),
        [A.undoneSuspends]: '1',
      },
      scaledUpWorkloads: 1,
    });
    const wake = decideNamespace(quick, POLICY, NOW) as MarkWokenDecision;
    const plan = planWake(quick, [], wake, NOW);
    expect(plan.drift).toMatch(/GitOps/);
    expect(plan.annotations[A.drift]).toBe(plan.drift);
  });
});

describe('whether a namespace is asleep', () => {
  it.each([
    { name: 'a namespace without a state is running', state: undefined, asleep: false },
    { name: 'a running namespace is awake', state: 'running', asleep: false },
    { name: 'a suspended namespace is asleep', state: 'suspended', asleep: true },
    {
      name: 'a namespace with an action in flight counts as asleep',
      state: 'resuming',
      asleep: true,
    },
  ])('$name', ({ state, asleep }) => {
    expect(namespaceAsleep(state === undefined ? {} : { [A.state]: state })).toBe(asleep);
  });
});
