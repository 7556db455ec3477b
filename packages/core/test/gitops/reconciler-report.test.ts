import { describe, expect, it } from 'vitest';
import type { ReconcilerRef } from '../../src/gitops/reconciler-ref.js';
import {
  emptyGitOpsSuspendOutcome,
  type GitOpsResumeOutcome,
  type GitOpsSuspendOutcome,
  gitOpsResumeReport,
  gitOpsSuspendReport,
} from '../../src/gitops/reconciler-report.js';

const shop: ReconcilerRef = { kind: 'Application', namespace: 'argocd', name: 'shop' };
const apps: ReconcilerRef = { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' };
const db: ReconcilerRef = { kind: 'HelmRelease', namespace: 'dev', name: 'db' };
const suspendOf = (o: Partial<GitOpsSuspendOutcome>) => ({ ...emptyGitOpsSuspendOutcome(), ...o });

describe('what a suspend says about GitOps reconcilers', () => {
  it.each<[string, Partial<GitOpsSuspendOutcome>, string[]]>([
    ['nothing managing the namespace says nothing', {}, []],
    [
      'one paused Application is named with its tool',
      { paused: [shop] },
      [
        'Paused Argo CD Application argocd/shop so Git does not scale dev back up; resume restores it.',
      ],
    ],
    [
      'several paused reconcilers are listed together',
      { paused: [shop, apps, db] },
      [
        'Paused Argo CD Application argocd/shop, Flux Kustomization flux-system/apps and Flux HelmRelease dev/db so Git does not scale dev back up; resume restores them.',
      ],
    ],
    [
      'a reconciler shared with running namespaces says which and that it may undo the suspend',
      { shared: [{ ref: shop, running: ['qa', 'staging'] }] },
      [
        'Not paused: Argo CD Application argocd/shop also deploys qa and staging, which are running; it may scale dev back up.',
      ],
    ],
    [
      'a reconciler the agent may not change says how to allow it',
      { forbidden: [apps] },
      [
        'Not paused: Curfew may not change Flux Kustomization flux-system/apps (install the agent chart with gitops.enabled=true); it may scale dev back up.',
      ],
    ],
    [
      'a reconciler named by labels but not in this cluster is reported as not paused',
      { missing: [db] },
      [
        "Not paused: Flux HelmRelease dev/db, named by the workloads' labels, is not in this cluster; Git may scale dev back up.",
      ],
    ],
  ])('%s', (_name, outcome, expected) => {
    expect(gitOpsSuspendReport('dev', suspendOf(outcome))).toEqual(expected);
  });
});

describe('what a resume says about GitOps reconcilers', () => {
  it.each<[string, GitOpsResumeOutcome, string[]]>([
    ['nothing restored says nothing', { restored: [] }, []],
    [
      'one restored reconciler',
      { restored: [{ ref: apps, stillSuspended: [] }] },
      ['Restored Flux Kustomization flux-system/apps as it was.'],
    ],
    [
      'a restored reconciler that also deploys a suspended namespace warns it may wake it',
      {
        restored: [
          { ref: shop, stillSuspended: ['qa'] },
          { ref: db, stillSuspended: [] },
        ],
      },
      [
        'Restored Argo CD Application argocd/shop and Flux HelmRelease dev/db as they were.',
        'Argo CD Application argocd/shop also deploys qa, still suspended: it may scale it back up.',
      ],
    ],
  ])('%s', (_name, outcome, expected) => {
    expect(gitOpsResumeReport(outcome)).toEqual(expected);
  });
});
