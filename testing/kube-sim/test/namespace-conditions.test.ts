import { describe, expect, it } from 'vitest';
import type { NamespaceCondition } from '../src/controllers/namespace-conditions.js';
import { deletionConditions } from '../src/controllers/namespace-conditions.js';

// The namespace deleter's conditions, rule by rule (status_condition_utils.go).

const T0 = '2025-01-01T00:00:00Z';
const T1 = '2025-01-01T00:00:09Z';
const nothing = { remaining: new Map(), finalizers: new Map(), deleteErrors: [] };
const byType = (cs: NamespaceCondition[]) => Object.fromEntries(cs.map((c) => [c.type, c]));

describe('namespace deletion conditions', () => {
  it('an empty namespace gets all five condition types, False with their all-is-well reasons', () => {
    const { conditions, changed } = deletionConditions([], nothing, T0);
    expect(changed).toBe(true);
    expect(conditions.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      [
        'NamespaceDeletionDiscoveryFailure',
        'False',
        'ResourcesDiscovered',
        'All resources successfully discovered',
      ],
      [
        'NamespaceDeletionGroupVersionParsingFailure',
        'False',
        'ParsedGroupVersions',
        'All legacy kube types successfully parsed',
      ],
      [
        'NamespaceDeletionContentFailure',
        'False',
        'ContentDeleted',
        'All content successfully deleted, may be waiting on finalization',
      ],
      ['NamespaceContentRemaining', 'False', 'ContentRemoved', 'All content successfully removed'],
      [
        'NamespaceFinalizersRemaining',
        'False',
        'ContentHasNoFinalizers',
        'All content-preserving finalizers finished',
      ],
    ]);
    expect(conditions.every((c) => c.lastTransitionTime === T0)).toBe(true);
  });

  it.each([
    {
      name: 'remaining content is listed per resource.group, sorted, core types with a bare dot',
      totals: {
        ...nothing,
        remaining: new Map([
          ['pods.', 2],
          ['deployments.apps', 1],
        ]),
      },
      type: 'NamespaceContentRemaining',
      reason: 'SomeResourcesRemain',
      message:
        'Some resources are remaining: deployments.apps has 1 resource instances, pods. has 2 resource instances',
    },
    {
      name: 'finalizers holding content are counted per finalizer',
      totals: {
        ...nothing,
        finalizers: new Map([
          ['curfew.dev/hold', 2],
          ['a.example/x', 1],
        ]),
      },
      type: 'NamespaceFinalizersRemaining',
      reason: 'SomeFinalizersRemain',
      message:
        'Some content in the namespace has finalizers remaining: a.example/x in 1 resource instances, curfew.dev/hold in 2 resource instances',
    },
    {
      name: 'types whose content could not be deleted are counted and listed',
      totals: { ...nothing, deleteErrors: ['b failed', 'a failed'] },
      type: 'NamespaceDeletionContentFailure',
      reason: 'ContentDeletionFailed',
      message: 'Failed to delete all resource types, 2 remaining: a failed, b failed',
    },
  ])('$name', ({ totals, type, reason, message }) => {
    const c = byType(deletionConditions([], totals, T0).conditions)[type];
    expect(c).toEqual({ type, status: 'True', lastTransitionTime: T0, reason, message });
  });

  it('nothing changed is no write', () => {
    const first = deletionConditions([], nothing, T0).conditions;
    expect(deletionConditions(first, nothing, T1)).toEqual({ conditions: first, changed: false });
  });

  it('a condition moves its lastTransitionTime only when its status flips', () => {
    const pods = (n: number) => ({ ...nothing, remaining: new Map([['pods.', n]]) });
    const first = deletionConditions([], pods(2), T0).conditions;
    const fewer = deletionConditions(first, pods(1), T1);
    expect(fewer.changed).toBe(true);
    expect(byType(fewer.conditions).NamespaceContentRemaining?.lastTransitionTime).toBe(T0);
    const gone = deletionConditions(fewer.conditions, nothing, T1);
    expect(byType(gone.conditions).NamespaceContentRemaining).toMatchObject({
      status: 'False',
      lastTransitionTime: T1,
      reason: 'ContentRemoved',
    });
  });

  it('conditions of other types stay where they are and the deleter appends its own after them', () => {
    const other: NamespaceCondition = {
      type: 'Example',
      status: 'True',
      lastTransitionTime: T0,
      reason: 'R',
      message: 'm',
    };
    const { conditions } = deletionConditions([other], nothing, T1);
    expect(conditions[0]).toEqual(other);
    expect(conditions).toHaveLength(6);
  });
});
