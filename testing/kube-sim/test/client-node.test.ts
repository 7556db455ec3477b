import type { V1ConfigMap, V1Lease } from '@kubernetes/client-node';
import {
  ApiException,
  AppsV1Api,
  CoordinationV1Api,
  CoreV1Api,
  KubeConfig,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
  Watch,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSim } from '../src/index.js';
import { startKubeSim } from '../src/index.js';
import { eventually } from './helpers.js';

let sim: KubeSim;
let kc: KubeConfig;
let core: CoreV1Api;

beforeAll(async () => {
  sim = await startKubeSim({ token: 'client-node-token', watchHistory: 50 });
  kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig);
  core = kc.makeApiClient(CoreV1Api);
});
afterAll(async () => {
  await sim?.stop();
});

function status(e: unknown): number | undefined {
  return e instanceof ApiException ? e.code : undefined;
}

describe('@kubernetes/client-node against kube-sim', () => {
  it('an informer sees add, update and delete, with one LIST and then watches', async () => {
    await core.createNamespace({ body: { metadata: { name: 'inf-a' } } });
    const informer = makeInformer<V1ConfigMap>(kc, '/api/v1/namespaces/inf-a/configmaps', () =>
      core.listNamespacedConfigMap({ namespace: 'inf-a' }),
    );
    const seen: string[] = [];
    informer.on('add', (o) => seen.push(`add:${o.metadata?.name}`));
    informer.on('update', (o) => seen.push(`update:${o.metadata?.name}:${o.data?.k}`));
    informer.on('delete', (o) => seen.push(`delete:${o.metadata?.name}`));
    sim.requestLog.clear();
    await informer.start();
    try {
      await core.createNamespacedConfigMap({
        namespace: 'inf-a',
        body: { metadata: { name: 'c1' }, data: { k: '1' } },
      });
      await eventually(() => seen.includes('add:c1'));
      await core.patchNamespacedConfigMap(
        { namespace: 'inf-a', name: 'c1', body: { data: { k: '2' } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      await eventually(() => seen.includes('update:c1:2'));
      await core.deleteNamespacedConfigMap({ namespace: 'inf-a', name: 'c1' });
      await eventually(() => seen.includes('delete:c1'));
      // The namespace's own kube-root-ca.crt arrives too, as on a real cluster.
      expect(seen).toEqual(['add:kube-root-ca.crt', 'add:c1', 'update:c1:2', 'delete:c1']);
      expect(sim.countRequests({ verb: 'list', resource: 'configmaps', namespace: 'inf-a' })).toBe(
        1,
      );
      expect(
        sim.countRequests({ verb: 'watch', resource: 'configmaps', namespace: 'inf-a' }),
      ).toBeGreaterThanOrEqual(1);
      expect(informer.get('c1', 'inf-a')).toBeUndefined();
    } finally {
      await informer.stop();
    }
  });

  it('creates a Lease and rejects a conflicting update with 409 Conflict', async () => {
    const coord = kc.makeApiClient(CoordinationV1Api);
    const lease: V1Lease = {
      metadata: { name: 'curfew-agent', namespace: 'default' },
      spec: {
        holderIdentity: 'agent-a',
        leaseDurationSeconds: 15,
        acquireTime: new Date(),
        renewTime: new Date(),
      },
    };
    const created = await coord.createNamespacedLease({ namespace: 'default', body: lease });
    const rv = created.metadata?.resourceVersion ?? '';
    expect(rv).toMatch(/^\d+$/);
    const won = await coord.replaceNamespacedLease({
      name: 'curfew-agent',
      namespace: 'default',
      body: { ...created, spec: { ...created.spec, holderIdentity: 'agent-b' } },
    });
    expect(won.spec?.holderIdentity).toBe('agent-b');
    let caught: unknown;
    try {
      await coord.replaceNamespacedLease({
        name: 'curfew-agent',
        namespace: 'default',
        body: { ...created, spec: { ...created.spec, holderIdentity: 'agent-c' } },
      });
    } catch (e) {
      caught = e;
    }
    expect(status(caught)).toBe(409);
    const body = JSON.parse((caught as ApiException<string>).body as unknown as string);
    expect(body).toMatchObject({
      kind: 'Status',
      reason: 'Conflict',
      code: 409,
      message:
        'Operation cannot be fulfilled on leases.coordination.k8s.io "curfew-agent": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'curfew-agent', group: 'coordination.k8s.io', kind: 'leases' },
    });
    const again = await coord.readNamespacedLease({ name: 'curfew-agent', namespace: 'default' });
    expect(again.spec?.holderIdentity).toBe('agent-b');
  });

  it('pages a list with limit and continue', async () => {
    await core.createNamespace({ body: { metadata: { name: 'page-a' } } });
    for (let i = 0; i < 5; i++) {
      // Secrets: a fresh namespace has none (it does have a kube-root-ca.crt ConfigMap).
      await core.createNamespacedSecret({
        namespace: 'page-a',
        body: { metadata: { name: `cm-${i}` } },
      });
    }
    const first = await core.listNamespacedSecret({ namespace: 'page-a', limit: 2 });
    expect(first.items.map((c) => c.metadata?.name)).toEqual(['cm-0', 'cm-1']);
    expect(first.metadata?.remainingItemCount).toBe(3);
    const second = await core.listNamespacedSecret({
      namespace: 'page-a',
      limit: 2,
      _continue: first.metadata?._continue ?? '',
    });
    expect(second.items.map((c) => c.metadata?.name)).toEqual(['cm-2', 'cm-3']);
    const third = await core.listNamespacedSecret({
      namespace: 'page-a',
      limit: 2,
      _continue: second.metadata?._continue ?? '',
    });
    expect(third.items.map((c) => c.metadata?.name)).toEqual(['cm-4']);
    expect(third.metadata?._continue).toBeUndefined();
  });

  it('a watch from a resourceVersion older than the history window gets a 410 Expired error', async () => {
    await core.createNamespace({ body: { metadata: { name: 'gone-a' } } });
    const list = await core.listNamespacedConfigMap({ namespace: 'gone-a' });
    const oldRv = list.metadata?.resourceVersion ?? '';
    // The window holds 50 events per resource; push it past the listed version.
    for (let i = 0; i < 60; i++) {
      await core.createNamespacedConfigMap({
        namespace: 'gone-a',
        body: { metadata: { name: `x-${i}` } },
      });
    }
    const errors: unknown[] = [];
    const events: string[] = [];
    const w = new Watch(kc);
    await new Promise<void>((resolve) => {
      void w.watch(
        '/api/v1/namespaces/gone-a/configmaps',
        { resourceVersion: oldRv },
        (type, obj) => {
          events.push(type);
          if (type === 'ERROR') errors.push(obj);
        },
        () => resolve(),
      );
    });
    expect(events).toEqual(['ERROR']);
    expect(errors[0]).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
  });

  it('scales a Deployment via the scale subresource and reads it back', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'scaled' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'scaled' } },
          template: {
            metadata: { labels: { app: 'scaled' } },
            spec: { containers: [{ name: 'c', image: 'busybox:1' }] },
          },
        },
      },
    });
    await apps.patchNamespacedDeploymentScale({
      name: 'scaled',
      namespace: 'default',
      body: [{ op: 'replace', path: '/spec/replicas', value: 3 }],
    });
    await eventually(
      async () =>
        (await apps.readNamespacedDeployment({ name: 'scaled', namespace: 'default' })).status
          ?.readyReplicas === 3,
    );
    const scale = await apps.readNamespacedDeploymentScale({
      name: 'scaled',
      namespace: 'default',
    });
    expect(scale.spec?.replicas).toBe(3);
    expect(scale.status?.selector).toBe('app=scaled');
  });

  it('client-node gets the Terminating Namespace from delete, a 403 creating in it, and finalizes it', async () => {
    const name = 'cn-term';
    await core.createNamespace({
      body: { metadata: { name }, spec: { finalizers: ['curfew.dev/hold'] } },
    });
    // Typed as a V1Status, the answer is the Namespace (whose `status` is the phase object).
    const ns = (await core.deleteNamespace({ name })) as unknown as {
      kind: string;
      status: { phase: string };
    };
    expect(ns.kind).toBe('Namespace');
    expect(ns.status.phase).toBe('Terminating');
    const err = await core
      .createNamespacedConfigMap({ namespace: name, body: { metadata: { name: 'late' } } })
      .then(
        () => undefined,
        (e: unknown) => e as { code: number; body: string },
      );
    expect(err?.code).toBe(403);
    expect(JSON.parse(err?.body ?? '{}').details.causes[0].reason).toBe('NamespaceTerminating');
    await eventually(async () => {
      const cur = await core.readNamespace({ name });
      return cur.spec?.finalizers?.length === 1;
    });
    await core.replaceNamespaceFinalize({
      name,
      body: { metadata: { name }, spec: { finalizers: [] } },
    });
    await eventually(async () => {
      const list = await core.listNamespace();
      return !list.items.some((n) => n.metadata?.name === name);
    });
  });
});
