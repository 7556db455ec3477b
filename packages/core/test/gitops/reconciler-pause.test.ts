import { describe, expect, it } from 'vitest';
import { ANNOTATIONS } from '../../src/common/annotations.js';
import {
  isPausedForNothing,
  planReconcilerPause,
  planReconcilerRestore,
  type ReconcilerState,
} from '../../src/gitops/reconciler-pause.js';
import { managersOf } from '../../src/gitops/reconciler-ref.js';

const app = (automated: unknown, annotations: Record<string, string> = {}): ReconcilerState => ({
  ref: { kind: 'Application', namespace: 'argocd', name: 'shop' },
  annotations,
  automated,
});
const ks = (suspend: boolean | undefined, annotations: Record<string, string> = {}) => ({
  ref: { kind: 'Kustomization' as const, namespace: 'flux-system', name: 'shop' },
  annotations,
  suspend,
});

describe('which reconcilers manage a workload', () => {
  it.each([
    [
      'the Argo CD instance label names an Application in the Argo CD namespace',
      { 'argocd.argoproj.io/instance': 'shop' },
      {},
      ['Application/argocd/shop'],
    ],
    [
      'a tracking id names its Application before the first colon',
      {},
      { 'argocd.argoproj.io/tracking-id': 'apps_shop:apps/Deployment:dev/web' },
      ['Application/apps/shop'],
    ],
    [
      'Flux kustomize labels name a Kustomization',
      {
        'kustomize.toolkit.fluxcd.io/name': 'shop',
        'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
      },
      {},
      ['Kustomization/flux-system/shop'],
    ],
    [
      'Flux helm labels name a HelmRelease',
      { 'helm.toolkit.fluxcd.io/name': 'db', 'helm.toolkit.fluxcd.io/namespace': 'dev' },
      {},
      ['HelmRelease/dev/db'],
    ],
    [
      'a Flux name without its namespace label names nothing',
      { 'kustomize.toolkit.fluxcd.io/name': 'shop' },
      {},
      [],
    ],
  ])('%s', (_name, labels, annotations, expected) => {
    expect(
      managersOf(labels, annotations).map((r) => `${r.kind}/${r.namespace}/${r.name}`),
    ).toEqual(expected);
  });
});

describe('pausing and restoring reconcilers', () => {
  it('an auto-syncing Application loses automated, recorded in the same patch', () => {
    const d = planReconcilerPause(app({ selfHeal: true }), 'dev', ['dev'], new Set(['dev']));
    expect(d).toEqual({
      kind: 'pause',
      patch: {
        annotations: {
          [ANNOTATIONS.pausedByCurfew]: 'dev',
          [ANNOTATIONS.previousSyncPolicy]: '{"selfHeal":true}',
        },
        spec: { syncPolicy: { automated: null } },
      },
    });
  });
  it('an Application without auto-sync is not reconciling and is left alone', () => {
    expect(planReconcilerPause(app(undefined), 'dev', ['dev'], new Set()).kind).toBe(
      'not-reconciling',
    );
  });
  it('an Application that also manages a running namespace is not paused', () => {
    expect(planReconcilerPause(app({}), 'dev', ['dev', 'qa'], new Set(['dev']))).toEqual({
      kind: 'shared',
      running: ['qa'],
    });
  });
  it('a Kustomization someone suspended is left alone', () => {
    expect(planReconcilerPause(ks(true), 'dev', ['dev'], new Set()).kind).toBe('not-reconciling');
  });
  it('a Kustomization is suspended with its unset suspend recorded as absent', () => {
    const d = planReconcilerPause(ks(undefined), 'dev', [], new Set());
    expect(d.kind === 'pause' && d.patch.spec).toEqual({ suspend: true });
    expect(d.kind === 'pause' && d.patch.annotations[ANNOTATIONS.previousFluxSuspend]).toBe(
      'absent',
    );
  });
  it('pausing again for the same namespace writes nothing; for another adds it to the record', () => {
    const paused = { [ANNOTATIONS.pausedByCurfew]: 'dev' };
    expect(planReconcilerPause(ks(true, paused), 'dev', [], new Set())).toEqual({
      kind: 'already-paused',
      patch: null,
    });
    expect(planReconcilerPause(ks(true, paused), 'qa', [], new Set())).toEqual({
      kind: 'already-paused',
      patch: { annotations: { [ANNOTATIONS.pausedByCurfew]: 'dev,qa' }, spec: {} },
    });
  });
  it('a restore puts automated back exactly and removes the record', () => {
    const a = app(undefined, {
      [ANNOTATIONS.pausedByCurfew]: 'dev',
      [ANNOTATIONS.previousSyncPolicy]: '{"prune":true}',
    });
    expect(planReconcilerRestore(a, 'dev')?.spec).toEqual({
      syncPolicy: { automated: { prune: true } },
    });
    expect(planReconcilerRestore(a, 'dev')?.annotations[ANNOTATIONS.pausedByCurfew]).toBeNull();
  });
  it('a Flux restore removes suspend when it was unset, sets false when it was false', () => {
    expect(
      planReconcilerRestore(
        ks(true, {
          [ANNOTATIONS.pausedByCurfew]: 'dev',
          [ANNOTATIONS.previousFluxSuspend]: 'absent',
        }),
        'dev',
      )?.spec,
    ).toEqual({ suspend: null });
    expect(
      planReconcilerRestore(
        ks(true, {
          [ANNOTATIONS.pausedByCurfew]: 'dev',
          [ANNOTATIONS.previousFluxSuspend]: 'false',
        }),
        'dev',
      )?.spec,
    ).toEqual({ suspend: false });
  });
  it('nothing is restored that Curfew did not pause for that namespace (so never twice)', () => {
    expect(planReconcilerRestore(ks(true), 'dev')).toBeNull();
    expect(
      planReconcilerRestore(ks(true, { [ANNOTATIONS.pausedByCurfew]: 'qa' }), 'dev'),
    ).toBeNull();
  });
  it('a pause whose namespaces are all running again is paused for nothing', () => {
    expect(isPausedForNothing({ [ANNOTATIONS.pausedByCurfew]: 'dev' }, new Set())).toBe(true);
    expect(isPausedForNothing({ [ANNOTATIONS.pausedByCurfew]: 'dev' }, new Set(['dev']))).toBe(
      false,
    );
  });
});
