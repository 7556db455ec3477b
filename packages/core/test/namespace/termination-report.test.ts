import { describe, expect, it } from 'vitest';
import {
  type TerminationObservation,
  type TerminationReport,
  terminationReport,
  whatHolds,
} from '../../src/index.js';

const DELETED_AT = Date.parse('2026-11-23T10:00:00Z');
const MINUTE = 60_000;
const STUCK_AFTER = 10 * MINUTE;

const terminating = (extra: Partial<TerminationObservation> = {}): TerminationObservation => ({
  deletionStartedAt: DELETED_AT,
  finalizers: ['kubernetes'],
  conditions: [],
  ...extra,
});

/** What the namespace controller writes while a finalized ConfigMap stays (kube-sim, 1.24). */
const held = [
  {
    type: 'NamespaceDeletionContentFailure',
    status: 'False',
    reason: 'ContentDeleted',
    message: 'All content successfully deleted, may be waiting on finalization',
  },
  {
    type: 'NamespaceContentRemaining',
    status: 'True',
    reason: 'SomeResourcesRemain',
    message: 'Some resources are remaining: configmaps. has 1 resource instances',
  },
  {
    type: 'NamespaceFinalizersRemaining',
    status: 'True',
    reason: 'SomeFinalizersRemain',
    message:
      'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances, other.io/x in 2 resource instances',
  },
];

describe('what a delete reports while the namespace terminates', () => {
  it.each<{
    name: string;
    obs: TerminationObservation | undefined;
    now: number;
    expected: TerminationReport;
  }>([
    {
      name: 'a namespace that is gone was deleted',
      obs: undefined,
      now: DELETED_AT + MINUTE,
      expected: { kind: 'deleted', message: 'dev was deleted.' },
    },
    {
      name: 'a namespace terminating for less than the timeout is still deleting, looked at again when it is up',
      obs: terminating({ conditions: held }),
      now: DELETED_AT + 9 * MINUTE,
      expected: {
        kind: 'deleting',
        message: 'deleting: dev is terminating; Kubernetes removes its contents first.',
        checkAt: DELETED_AT + STUCK_AFTER,
      },
    },
    {
      name: 'a namespace whose deletion time is unknown is never called stuck',
      obs: terminating({ deletionStartedAt: undefined }),
      now: DELETED_AT + 60 * MINUTE,
      expected: {
        kind: 'deleting',
        message: 'deleting: dev is terminating; Kubernetes removes its contents first.',
        checkAt: DELETED_AT + 70 * MINUTE,
      },
    },
    {
      name: 'a namespace still terminating at the timeout is stuck, with its True conditions and every finalizer holding it',
      obs: terminating({ conditions: held }),
      now: DELETED_AT + STUCK_AFTER,
      expected: {
        kind: 'stuck',
        message:
          'dev is stuck terminating after 10 minutes: NamespaceContentRemaining: Some resources are remaining: configmaps. has 1 resource instances; NamespaceFinalizersRemaining: Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances, other.io/x in 2 resource instances. Held by finalizers: kubernetes, example.com/hold, other.io/x.',
        finalizers: ['kubernetes', 'example.com/hold', 'other.io/x'],
      },
    },
    {
      name: 'a stuck namespace without conditions says none were reported',
      obs: terminating({ finalizers: [] }),
      now: DELETED_AT + 25 * MINUTE,
      expected: {
        kind: 'stuck',
        message:
          'dev is stuck terminating after 25 minutes: no condition reported by the namespace controller.',
        finalizers: [],
      },
    },
    {
      name: 'a finalizer of the namespace itself and of its content is named once',
      obs: terminating({
        finalizers: ['example.com/hold'],
        conditions: [
          {
            type: 'NamespaceFinalizersRemaining',
            status: 'True',
            message:
              'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
          },
        ],
      }),
      now: DELETED_AT + STUCK_AFTER,
      expected: {
        kind: 'stuck',
        message:
          'dev is stuck terminating after 10 minutes: NamespaceFinalizersRemaining: Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances. Held by finalizers: example.com/hold.',
        finalizers: ['example.com/hold'],
      },
    },
  ])('$name', ({ obs, now, expected }) => {
    expect(terminationReport('dev', obs, now, STUCK_AFTER)).toEqual(expected);
  });
});

describe('what holds a terminating namespace, shown while it terminates', () => {
  it.each<{ name: string; obs: TerminationObservation; expected: ReturnType<typeof whatHolds> }>([
    {
      name: 'a namespace the controller is still emptying shows only its own finalizer',
      obs: terminating(),
      expected: { finalizers: ['kubernetes'], conditions: '' },
    },
    {
      name: 'conditions that are False are not what holds it',
      obs: terminating({ finalizers: [], conditions: held.slice(0, 1) }),
      expected: { finalizers: [], conditions: '' },
    },
    {
      name: 'content finalizers named by the controller join the namespace finalizers, once each',
      obs: terminating({ conditions: held }),
      expected: {
        finalizers: ['kubernetes', 'example.com/hold', 'other.io/x'],
        conditions:
          'NamespaceContentRemaining: Some resources are remaining: configmaps. has 1 resource instances; NamespaceFinalizersRemaining: Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances, other.io/x in 2 resource instances',
      },
    },
    {
      name: 'a True condition without a message is named by its reason',
      obs: terminating({
        finalizers: [],
        conditions: [
          { type: 'NamespaceDeletionDiscoveryFailure', status: 'True', reason: 'DiscoveryFailed' },
        ],
      }),
      expected: {
        finalizers: [],
        conditions: 'NamespaceDeletionDiscoveryFailure: DiscoveryFailed',
      },
    },
  ])('$name', ({ obs, expected }) => {
    expect(whatHolds(obs)).toEqual(expected);
  });
});
