import { describe, expect, it } from 'vitest';
import { reportedNamespaces } from '../../src/gitops/reconciler-pause.js';
import type { ReconcilerKind } from '../../src/gitops/reconciler-ref.js';

type Reported = Parameters<typeof reportedNamespaces>[1];

describe('the namespaces a reconciler object says it applies to', () => {
  it.each<[string, ReconcilerKind, Reported, string[]]>([
    [
      'an Application names its destination namespace',
      'Application',
      { spec: { destination: { namespace: 'dev' } } },
      ['dev'],
    ],
    [
      'an Application adds the namespaces of the resources in its status, each once, sorted',
      'Application',
      {
        spec: { destination: { namespace: 'dev' } },
        status: {
          resources: [
            { kind: 'Deployment', namespace: 'qa', name: 'web' },
            { kind: 'Service', namespace: 'dev', name: 'web' },
            { kind: 'Deployment', namespace: 'qa', name: 'api' },
          ],
        },
      },
      ['dev', 'qa'],
    ],
    [
      'cluster-scoped resources (no namespace) and an empty destination add nothing',
      'Application',
      {
        spec: { destination: { namespace: '' } },
        status: { resources: [{ kind: 'ClusterRole', name: 'reader' }, { namespace: '' }, null] },
      },
      [],
    ],
    ['an Application without spec or status applies to nothing known', 'Application', {}, []],
    [
      'a Kustomization reads the namespace from each inventory id',
      'Kustomization',
      {
        metadata: { namespace: 'flux-system' },
        status: {
          inventory: {
            entries: [
              { id: 'dev_web_apps_Deployment', v: 'v1' },
              { id: 'qa_api_apps_Deployment', v: 'v1' },
              { id: 'dev_web__Service', v: 'v1' },
            ],
          },
        },
      },
      ['dev', 'qa'],
    ],
    [
      'a Kustomization inventory entry of a cluster-scoped object (empty namespace) adds nothing',
      'Kustomization',
      { status: { inventory: { entries: [{ id: '_dev__Namespace', v: 'v1' }, { v: 'v1' }] } } },
      [],
    ],
    [
      'a Kustomization not reconciled yet (no inventory) applies to nothing known',
      'Kustomization',
      { metadata: { namespace: 'flux-system' }, spec: { targetNamespace: 'dev' } },
      [],
    ],
    [
      'a HelmRelease installs into its targetNamespace',
      'HelmRelease',
      { metadata: { namespace: 'flux-system' }, spec: { targetNamespace: 'dev' } },
      ['dev'],
    ],
    [
      'a HelmRelease without a targetNamespace installs into its own namespace',
      'HelmRelease',
      { metadata: { namespace: 'dev' }, spec: {} },
      ['dev'],
    ],
    [
      'a HelmRelease with neither names nothing',
      'HelmRelease',
      { spec: { targetNamespace: '' } },
      [],
    ],
  ])('%s', (_name, kind, object, expected) => {
    expect(reportedNamespaces(kind, object)).toEqual(expected);
  });
});
