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

function managerWithCreator(): FieldManager {
  const fm = new FieldManager();
  fm.recordWrite('u1', 'kubectl-create', undefined, live, false);
  return fm;
}

describe('server-side apply field ownership', () => {
  it('applying the value another manager already set is not a conflict', () => {
    const out = managerWithCreator().apply('u1', 'curfew', 'v1', live, applied({ a: '1' }), false);
    expect((out as typeof live).data).toEqual({ a: '1', b: '2' });
  });

  it('changing a field another manager owns is a 409 naming both, unless forced', () => {
    const fm = managerWithCreator();
    let err: unknown;
    try {
      fm.apply('u1', 'curfew', 'v1', live, applied({ a: '9', b: '8' }), false);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(409);
    expect((err as ApiError).message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl-create" using v1:\n- .data.a\n- .data.b',
    );
    const forced = fm.apply('u1', 'curfew', 'v1', live, applied({ a: '9' }), true);
    expect((forced as typeof live).data).toEqual({ a: '9', b: '2' });
  });

  it('a field the applier drops is removed only when nobody else owns it', () => {
    const fm = new FieldManager();
    const first = applied({ a: '1', b: '2' });
    fm.recordApply('u2', 'curfew', first);
    fm.recordWrite(
      'u2',
      'kubectl-edit',
      live,
      { ...live, data: { a: '1', b: '2', c: '3' } },
      false,
    );
    const next = fm.apply(
      'u2',
      'curfew',
      'v1',
      { ...live, data: { a: '1', b: '2', c: '3' } },
      applied({ a: '1' }),
      false,
    );
    expect((next as typeof live).data).toEqual({ a: '1', c: '3' });
  });
});
