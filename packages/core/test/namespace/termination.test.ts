import { describe, expect, it } from 'vitest';
import { answerForTerminating, type TerminatingAnswer } from '../../src/index.js';

describe('commands on a namespace Kubernetes is deleting', () => {
  it.each<{
    name: string;
    phase: 'Active' | 'Terminating' | undefined;
    action: 'suspend' | 'resume' | 'snooze' | 'prolong' | 'delete';
    expected: TerminatingAnswer;
  }>([
    {
      name: 'an active namespace is suspended as usual',
      phase: 'Active',
      action: 'suspend',
      expected: { kind: 'proceed' },
    },
    {
      name: 'a namespace whose phase is unknown is deleted as usual',
      phase: undefined,
      action: 'delete',
      expected: { kind: 'proceed' },
    },
    {
      name: 'a terminating namespace is not suspended',
      phase: 'Terminating',
      action: 'suspend',
      expected: {
        kind: 'refuse',
        message: 'dev is being deleted, so it cannot be suspended; nothing was changed.',
      },
    },
    {
      name: 'a terminating namespace is not resumed',
      phase: 'Terminating',
      action: 'resume',
      expected: {
        kind: 'refuse',
        message: 'dev is being deleted, so it cannot be resumed; nothing was changed.',
      },
    },
    {
      name: 'a terminating namespace is not snoozed',
      phase: 'Terminating',
      action: 'snooze',
      expected: {
        kind: 'refuse',
        message: 'dev is being deleted, so it cannot be snoozed; nothing was changed.',
      },
    },
    {
      name: 'a terminating namespace is not prolonged',
      phase: 'Terminating',
      action: 'prolong',
      expected: {
        kind: 'refuse',
        message: 'dev is being deleted, so it cannot be prolonged; nothing was changed.',
      },
    },
    {
      name: 'deleting a terminating namespace again says it is already being deleted',
      phase: 'Terminating',
      action: 'delete',
      expected: {
        kind: 'already-deleting',
        message: 'dev is already being deleted; Kubernetes removes it once its contents are gone.',
      },
    },
  ])('$name', ({ phase, action, expected }) => {
    expect(answerForTerminating('dev', phase, action)).toEqual(expected);
  });
});
