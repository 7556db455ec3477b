import { describe, expect, it } from 'vitest';
import { ANNOTATIONS } from '../../src/common/annotations.js';
import {
  planSupportPod,
  planSupportStart,
  planSupportStop,
  type SupportCommandInput,
  type SupportPodState,
} from '../../src/support-pods/support-pod.js';

const running = (startedByCommand?: string): SupportPodState => ({
  ...(startedByCommand ? { startedByCommand } : {}),
  expired: false,
  deleting: false,
});

describe('a support start, exactly once per command', () => {
  it.each<{ name: string; input: SupportCommandInput; step: string }>([
    {
      name: 'a first start with no pod creates it',
      input: { commandId: 'c1', executedIds: [], existing: null },
      step: 'create',
    },
    {
      name: 'a start delivered again after it ran and the pod was stopped does nothing again',
      input: { commandId: 'c1', executedIds: ['c1'], existing: null },
      step: 'already-done',
    },
    {
      name: 'a start delivered again before its id was recorded adopts the pod it created',
      input: { commandId: 'c1', executedIds: [], existing: running('c1') },
      step: 'adopt',
    },
    {
      name: "another start's running pod is described, not replaced",
      input: { commandId: 'c2', executedIds: ['c1'], existing: running('c1') },
      step: 'describe',
    },
    {
      name: 'an expired pod not yet deleted is replaced: deleted now, started again later',
      input: { commandId: 'c2', executedIds: [], existing: { expired: true, deleting: false } },
      step: 'replace-expired',
    },
    {
      name: 'an expired pod already being deleted is described as being deleted',
      input: { commandId: 'c2', executedIds: [], existing: { expired: true, deleting: true } },
      step: 'describe',
    },
    {
      name: 'a start without a command id (an old hub) creates as before',
      input: { executedIds: ['c1'], existing: null },
      step: 'create',
    },
  ])('$name', ({ input, step }) => {
    expect(planSupportStart(input).kind).toBe(step);
  });

  it('the pod remembers the command that started it', () => {
    const plan = planSupportPod({
      name: 'manage1',
      size: 'XS',
      namespace: 'curfew-system',
      image: 'busybox:1.37',
      command: [],
      timerMs: 3_600_000,
      requestedBy: 'U1',
      runAsUser: 65_534,
      now: 0,
      commandId: 'c1',
    });
    expect(plan.annotations[ANNOTATIONS.startedByCommand]).toBe('c1');
  });
});

describe('a support stop', () => {
  it.each<{ name: string; input: SupportCommandInput; expected: unknown }>([
    {
      name: 'a stop records the start of the pod it deletes, so that start can never run again',
      input: { commandId: 's1', executedIds: [], existing: running('c1') },
      expected: { kind: 'delete', startedBy: 'c1' },
    },
    {
      name: 'a stop of a pod whose start is already recorded just deletes it',
      input: { commandId: 's1', executedIds: ['c1'], existing: running('c1') },
      expected: { kind: 'delete' },
    },
    {
      name: 'a stop with nothing running has nothing to stop',
      input: { commandId: 's1', executedIds: [], existing: null },
      expected: { kind: 'nothing-to-stop' },
    },
    {
      name: 'a stop of a pod already being deleted has nothing to stop',
      input: { commandId: 's1', executedIds: [], existing: { expired: false, deleting: true } },
      expected: { kind: 'nothing-to-stop' },
    },
    {
      name: 'a stop delivered again after it ran leaves a newer pod alone',
      input: { commandId: 's1', executedIds: ['c1', 's1'], existing: running('c2') },
      expected: { kind: 'already-done' },
    },
  ])('$name', ({ input, expected }) => {
    expect(planSupportStop(input)).toEqual(expected);
  });
});
