import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from '../src/patch/json-patch.js';
import { jsonMergePatch } from '../src/patch/merge-patch.js';
import { strategicMerge } from '../src/patch/strategic-merge.js';

const pod = {
  metadata: { name: 'p', labels: { a: '1' }, finalizers: ['x'] },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'app:1',
        env: [{ name: 'A', value: '1' }],
        ports: [{ containerPort: 80 }],
        volumeMounts: [{ name: 'v', mountPath: '/data' }],
      },
      { name: 'side', image: 'side:1' },
    ],
    volumes: [{ name: 'v', emptyDir: {} }],
    tolerations: [{ key: 't' }],
  },
};

describe('strategic merge patch', () => {
  it.each([
    {
      // As on a real apiserver: the patch's elements first, then the remaining originals.
      name: 'merges containers by name and puts a new env entry before the existing ones',
      patch: { spec: { containers: [{ name: 'app', env: [{ name: 'B', value: '2' }] }] } },
      check: (o: typeof pod) =>
        expect(o.spec.containers[0]?.env).toEqual([
          { name: 'B', value: '2' },
          { name: 'A', value: '1' },
        ]),
    },
    {
      name: 'updates a port by containerPort instead of appending',
      patch: {
        spec: { containers: [{ name: 'app', ports: [{ containerPort: 80, name: 'http' }] }] },
      },
      check: (o: typeof pod) =>
        expect(o.spec.containers[0]?.ports).toEqual([{ containerPort: 80, name: 'http' }]),
    },
    {
      name: 'deletes a container with $patch: delete',
      patch: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } },
      check: (o: typeof pod) => expect(o.spec.containers.map((c) => c.name)).toEqual(['app']),
    },
    {
      name: 'replaces a whole list with $patch: replace',
      patch: { spec: { volumes: [{ name: 'w', emptyDir: {} }, { $patch: 'replace' }] } },
      check: (o: typeof pod) => expect(o.spec.volumes).toEqual([{ name: 'w', emptyDir: {} }]),
    },
    {
      name: 'replaces lists without a merge key (tolerations)',
      patch: { spec: { tolerations: [{ key: 'u' }] } },
      check: (o: typeof pod) => expect(o.spec.tolerations).toEqual([{ key: 'u' }]),
    },
    {
      name: 'merges volumeMounts by mountPath',
      patch: {
        spec: {
          containers: [{ name: 'app', volumeMounts: [{ mountPath: '/data', readOnly: true }] }],
        },
      },
      check: (o: typeof pod) =>
        expect(o.spec.containers[0]?.volumeMounts).toEqual([
          { name: 'v', mountPath: '/data', readOnly: true },
        ]),
    },
    {
      name: 'unions finalizers and removes with $deleteFromPrimitiveList',
      patch: { metadata: { finalizers: ['y'], '$deleteFromPrimitiveList/finalizers': ['x'] } },
      check: (o: typeof pod) => expect(o.metadata.finalizers).toEqual(['y']),
    },
    {
      name: 'orders a list with $setElementOrder',
      patch: { spec: { '$setElementOrder/containers': [{ name: 'side' }, { name: 'app' }] } },
      check: (o: typeof pod) =>
        expect(o.spec.containers.map((c) => c.name)).toEqual(['side', 'app']),
    },
    {
      name: 'deletes a map key with null',
      patch: { metadata: { labels: { a: null } } },
      check: (o: typeof pod) => expect(o.metadata.labels).toEqual({}),
    },
  ])('$name', ({ patch, check }) => {
    const before = JSON.stringify(pod);
    check(strategicMerge(pod, patch) as typeof pod);
    expect(JSON.stringify(pod)).toBe(before);
  });

  it('rejects a keyed list item without its merge key', () => {
    expect(() => strategicMerge(pod, { spec: { containers: [{ image: 'x' }] } })).toThrow(
      /does not contain declared merge key: name/,
    );
  });
});

describe('JSON patch (RFC 6902)', () => {
  it.each([
    {
      name: 'adds to the end of an array with -',
      ops: [{ op: 'add', path: '/l/-', value: 3 }],
      want: { l: [1, 2, 3], m: { k: 'v' } },
    },
    { name: 'removes a key', ops: [{ op: 'remove', path: '/m/k' }], want: { l: [1, 2], m: {} } },
    {
      name: 'replaces after a passing test',
      ops: [
        { op: 'test', path: '/m/k', value: 'v' },
        { op: 'replace', path: '/m/k', value: 'w' },
      ],
      want: { l: [1, 2], m: { k: 'w' } },
    },
    {
      name: 'moves a value',
      ops: [{ op: 'move', from: '/m/k', path: '/n' }],
      want: { l: [1, 2], m: {}, n: 'v' },
    },
    {
      name: 'escapes ~1 in keys',
      ops: [{ op: 'add', path: '/m/a~1b', value: 1 }],
      want: { l: [1, 2], m: { k: 'v', 'a/b': 1 } },
    },
  ])('$name', ({ ops, want }) => {
    expect(applyJsonPatch({ l: [1, 2], m: { k: 'v' } }, ops)).toEqual(want);
  });

  it.each([
    {
      name: 'a failing test stops the patch',
      ops: [{ op: 'test', path: '/m/k', value: 'x' }],
      err: /test failed/,
    },
    {
      name: 'removing a missing key fails',
      ops: [{ op: 'remove', path: '/m/zz' }],
      err: /nonexistent key/,
    },
    {
      name: 'an index past the end fails',
      ops: [{ op: 'add', path: '/l/5', value: 1 }],
      err: /invalid index/,
    },
  ])('$name', ({ ops, err }) => {
    expect(() => applyJsonPatch({ l: [1, 2], m: { k: 'v' } }, ops)).toThrow(err);
  });
});

describe('JSON merge patch (RFC 7386)', () => {
  it('merges objects, deletes nulls and replaces arrays', () => {
    expect(jsonMergePatch({ a: { b: 1, c: 2 }, l: [1] }, { a: { c: null, d: 3 }, l: [2] })).toEqual(
      { a: { b: 1, d: 3 }, l: [2] },
    );
  });
});
