import { describe, expect, it } from 'vitest';
import { FieldManager } from '../src/patch/apply.js';
import { ApiError } from '../src/status.js';

const live = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c' },
  data: { a: '1', b: '2' },
};
const applied = (data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c' },
  data,
});
const at = (s: number, subresource?: string) => ({
  time: new Date(Date.UTC(2025, 0, 1, 0, 0, s)).toISOString().replace('.000', ''),
  apiVersion: 'v1',
  ...(subresource ? { subresource } : {}),
});

function managerWithCreator(): FieldManager {
  const fm = new FieldManager();
  fm.recordWrite('u1', 'kubectl-create', undefined, live, false, at(0));
  return fm;
}

function conflictOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected a conflict');
}

describe('server-side apply field ownership', () => {
  it('applying the value another manager already set is not a conflict', () => {
    const out = managerWithCreator().apply(
      'u1',
      'curfew',
      undefined,
      live,
      applied({ a: '1' }),
      false,
    );
    expect((out as typeof live).data).toEqual({ a: '1', b: '2' });
  });

  it('changing fields another manager owns is a 409 listing them under that manager, unless forced', () => {
    const fm = managerWithCreator();
    const err = conflictOf(() =>
      fm.apply('u1', 'curfew', undefined, live, applied({ a: '9', b: '8' }), false),
    );
    expect(err.code).toBe(409);
    expect(err.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl-create" using v1:\n- .data.a\n- .data.b',
    );
    const forced = fm.apply('u1', 'curfew', undefined, live, applied({ a: '9' }), true);
    expect((forced as typeof live).data).toEqual({ a: '9', b: '2' });
  });

  it('a field the applier drops is removed only when nobody else owns it', () => {
    const fm = new FieldManager();
    fm.recordApply('u2', 'curfew', applied({ a: '1', b: '2' }), at(0));
    const edited = { ...live, data: { a: '1', b: '2', c: '3' } };
    fm.recordWrite('u2', 'kubectl-edit', live, edited, false, at(1));
    const next = fm.apply('u2', 'curfew', undefined, edited, applied({ a: '1' }), false);
    expect((next as typeof live).data).toEqual({ a: '1', c: '3' });
  });
});

describe('server-side apply removals', () => {
  const pod = (env?: Array<Record<string, string>>) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'c', image: 'x', ...(env ? { env } : {}) }] },
  });

  it('dropping a list item from a list someone else already removed removes nothing and adds nothing', () => {
    const fm = new FieldManager();
    fm.recordApply('u3', 'curfew', pod([{ name: 'A', value: '1' }]), at(0));
    // Meanwhile another writer took the whole env list out of the live object.
    const live = pod();
    const next = fm.apply('u3', 'curfew', undefined, live, pod([]), false) as ReturnType<
      typeof pod
    >;
    expect(next.spec.containers[0]).toEqual({ name: 'c', image: 'x', env: [] });
    expect(JSON.stringify(next)).not.toContain('$patch');
  });

  it('dropping a list item the object still has removes it', () => {
    const fm = new FieldManager();
    const both = pod([
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ]);
    fm.recordApply('u4', 'curfew', both, at(0));
    const next = fm.apply('u4', 'curfew', undefined, both, pod([{ name: 'B', value: '2' }]), false);
    expect((next as ReturnType<typeof pod>).spec.containers[0]?.env).toEqual([
      { name: 'B', value: '2' },
    ]);
  });
});

describe('managedFields entries: one per manager, operation and subresource', () => {
  const summary = (fm: FieldManager, obj: unknown = live) =>
    (fm.managedFields('u', obj) ?? []).map((e) => [e.manager, e.operation, e.subresource ?? '']);

  it('an Apply and an Update by the same manager are two entries, Apply first', () => {
    const fm = new FieldManager();
    fm.recordApply('u', 'curfew', applied({ a: '1' }), at(5));
    fm.recordWrite('u', 'curfew', live, { ...live, data: { a: '1', b: '3' } }, false, at(1));
    expect(summary(fm)).toEqual([
      ['curfew', 'Apply', ''],
      ['curfew', 'Update', ''],
    ]);
  });

  it('a status write by the same manager is its own entry with subresource status', () => {
    const fm = new FieldManager();
    fm.recordWrite('u', 'ctl', undefined, live, false, at(0));
    fm.recordStatusWrite('u', 'ctl', undefined, { phase: 'Active' }, at(0));
    expect(summary(fm, { ...live, status: { phase: 'Active' } })).toEqual([
      ['ctl', 'Update', ''],
      ['ctl', 'Update', 'status'],
    ]);
  });

  it('repeated updates by one manager stay one entry, stamped with the last write that changed something', () => {
    const fm = new FieldManager();
    fm.recordWrite('u', 'kubectl-edit', undefined, live, false, at(0));
    const v2 = { ...live, data: { a: '2', b: '2' } };
    fm.recordWrite('u', 'kubectl-edit', live, v2, false, at(7));
    fm.recordWrite('u', 'kubectl-edit', v2, v2, false, at(9));
    const entries = fm.managedFields('u', v2) ?? [];
    expect(entries).toHaveLength(1);
    expect(entries[0]?.time).toBe(at(7).time);
  });

  it.each([
    {
      name: 'an Update owner is named with the version it wrote through',
      setup: (fm: FieldManager) => fm.recordWrite('u', 'editor', undefined, live, false, at(0)),
      want: 'Apply failed with 1 conflict: conflict with "editor" using v1: .data.a',
    },
    {
      name: 'an Apply owner is named by its manager alone',
      setup: (fm: FieldManager) => fm.recordApply('u', 'other', applied({ a: '1' }), at(0)),
      want: 'Apply failed with 1 conflict: conflict with "other": .data.a',
    },
    {
      name: "the applier's own Update entry is another manager too",
      setup: (fm: FieldManager) => fm.recordWrite('u', 'curfew', undefined, live, false, at(0)),
      want: 'Apply failed with 1 conflict: conflict with "curfew" using v1: .data.a',
    },
  ])('$name', ({ setup, want }) => {
    const fm = new FieldManager();
    setup(fm);
    const err = conflictOf(() =>
      fm.apply('u', 'curfew', undefined, live, applied({ a: '9' }), false),
    );
    expect(err.message).toBe(want);
  });

  it('a status conflict names the subresource of the owning entry', () => {
    const fm = new FieldManager();
    const withStatus = { ...live, status: { phase: 'A' } };
    fm.recordStatusWrite('u', 'kubelet', undefined, { phase: 'A' }, at(0));
    const config = { ...applied({}), status: { phase: 'B' } };
    const err = conflictOf(() => fm.apply('u', 'curfew', 'status', withStatus, config, false));
    expect(err.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubelet" with subresource "status" using v1: .status.phase',
    );
  });
});
