import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeSim } from '../src/index.js';
import { gitOpsCrdYaml, startGitOpsReconciler, startKubeSim } from '../src/index.js';
import { kubectl, raw } from './helpers.js';

// A CRD in the store makes its type servable, per simulator: the Argo CD and Flux CRDs of
// `testing/kube-sim/crds`, and the simulated GitOps reconciler that reverts a scale-down.

// biome-ignore lint/suspicious/noExplicitAny: the tests walk free-form JSON answers.
type Obj = Record<string, any>;

const sims: KubeSim[] = [];
afterEach(async () => {
  for (const s of sims.splice(0)) await s.stop();
});

async function start(withCrds: boolean): Promise<KubeSim> {
  const dir = mkdtempSync(join(tmpdir(), 'kube-sim-crd-'));
  const sim = await startKubeSim({
    kubeconfigPath: join(dir, 'kubeconfig'),
    ...(withCrds ? { fixture: gitOpsCrdYaml() } : {}),
  });
  sims.push(sim);
  return sim;
}

const APPS = '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications';
const KS = '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations';

const application = (automated: Obj | undefined) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'shop', namespace: 'argocd' },
  spec: {
    project: 'default',
    source: { repoURL: 'https://git.example/shop.git', path: 'deploy', targetRevision: 'HEAD' },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'team-a' },
    ...(automated ? { syncPolicy: { automated } } : {}),
  },
});

const kustomization = (suspend?: boolean) => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'shop', namespace: 'flux-system' },
  spec: {
    interval: '10m',
    path: './deploy',
    prune: true,
    sourceRef: { kind: 'GitRepository', name: 'shop' },
    ...(suspend === undefined ? {} : { suspend }),
  },
});

async function namespaces(sim: KubeSim, ...names: string[]) {
  for (const name of names) {
    expect((await raw(sim.url, 'POST', '/api/v1/namespaces', { metadata: { name } })).status).toBe(
      201,
    );
  }
}

const replicas = async (sim: KubeSim, ns: string, name: string) =>
  ((await raw(sim.url, 'GET', `/apis/apps/v1/namespaces/${ns}/deployments/${name}`)).body as Obj)
    .spec.replicas;

const scale = (sim: KubeSim, ns: string, name: string, to: number) =>
  raw(
    sim.url,
    'PATCH',
    `/apis/apps/v1/namespaces/${ns}/deployments/${name}`,
    { spec: { replicas: to } },
    'application/merge-patch+json',
  );

describe('custom resources defined by CRDs', () => {
  it('without the CRD the type is not served: 404 and absent from discovery', async () => {
    const sim = await start(false);
    await namespaces(sim, 'argocd');
    expect((await raw(sim.url, 'GET', APPS)).status).toBe(404);
    const groups = (await raw(sim.url, 'GET', '/apis')).body as Obj;
    expect(groups.groups.map((g: Obj) => g.name)).not.toContain('argoproj.io');
  });

  it('with the Argo CD and Flux CRDs installed, kubectl lists, creates and reads them by short name', async () => {
    const sim = await start(true);
    await namespaces(sim, 'argocd', 'flux-system');
    const k = (...args: string[]) => kubectl(sim.kubeconfigPath, args);
    const apply = await kubectl(
      sim.kubeconfigPath,
      ['apply', '-f', '-'],
      JSON.stringify({
        kind: 'List',
        apiVersion: 'v1',
        items: [application({ selfHeal: true }), kustomization()],
      }),
    );
    expect(apply.stderr).toBe('');
    expect(apply.stdout).toContain('application.argoproj.io/shop created');
    expect(apply.stdout).toContain('kustomization.kustomize.toolkit.fluxcd.io/shop created');
    const apps = await k('get', 'apps', '-n', 'argocd', '-o', 'name');
    expect(apps.stdout.trim()).toBe('application.argoproj.io/shop');
    const ks = await k('get', 'ks', '-A', '-o', 'jsonpath={.items[*].spec.sourceRef.name}');
    expect(ks.stdout).toBe('shop');
    // A custom resource list is unstructured: its items keep apiVersion and kind.
    const list = (await raw(sim.url, 'GET', APPS)).body as Obj;
    expect(list.kind).toBe('ApplicationList');
    expect(list.items[0]).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
    });
  });

  it('another simulator in the same process without the CRDs still answers 404', async () => {
    const withCrds = await start(true);
    const without = await start(false);
    await namespaces(withCrds, 'argocd');
    await namespaces(without, 'argocd');
    expect((await raw(withCrds.url, 'POST', APPS, application(undefined))).status).toBe(201);
    expect((await raw(without.url, 'GET', APPS)).status).toBe(404);
    expect((await raw(without.url, 'POST', APPS, application(undefined))).status).toBe(404);
  });

  it('the Kustomization status subresource: a write of the object keeps status, a status write keeps spec', async () => {
    const sim = await start(true);
    await namespaces(sim, 'flux-system');
    expect((await raw(sim.url, 'POST', KS, kustomization())).status).toBe(201);
    const status = { inventory: { entries: [{ id: 'a_b_apps_Deployment', v: 'v1' }] } };
    const merge = 'application/merge-patch+json';
    await raw(sim.url, 'PATCH', `${KS}/shop`, { spec: { suspend: true }, status }, merge);
    expect(((await raw(sim.url, 'GET', `${KS}/shop`)).body as Obj).status).toBeUndefined();
    await raw(sim.url, 'PATCH', `${KS}/shop/status`, { spec: { suspend: false }, status }, merge);
    const after = (await raw(sim.url, 'GET', `${KS}/shop`)).body as Obj;
    expect(after.spec.suspend).toBe(true);
    expect(after.status).toEqual(status);
  });

  it('deleting a namespace deletes its custom resources', async () => {
    const sim = await start(true);
    await namespaces(sim, 'flux-system');
    await raw(sim.url, 'POST', KS, kustomization());
    await raw(sim.url, 'DELETE', '/api/v1/namespaces/flux-system');
    for (let i = 0; i < 200; i += 1) {
      if ((await raw(sim.url, 'GET', '/api/v1/namespaces/flux-system')).status === 404) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await raw(sim.url, 'GET', '/api/v1/namespaces/flux-system')).status).toBe(404);
    expect(((await raw(sim.url, 'GET', KS)).body as Obj).items).toEqual([]);
  });
});

describe('the simulated GitOps reconciler', () => {
  it('an Argo CD Application with self-heal applies Git, labels what it applies, reports it, and reverts a scale-down', async () => {
    const sim = await start(true);
    await namespaces(sim, 'argocd', 'team-a');
    const gitops = startGitOpsReconciler(sim);
    try {
      await raw(sim.url, 'POST', APPS, application({ prune: true, selfHeal: true }));
      await gitops.git({ kind: 'Application', namespace: 'argocd', name: 'shop' }, [
        { namespace: 'team-a', name: 'web', replicas: 3 },
      ]);
      const web = (await raw(sim.url, 'GET', '/apis/apps/v1/namespaces/team-a/deployments/web'))
        .body as Obj;
      expect(web.spec.replicas).toBe(3);
      expect(web.metadata.labels['argocd.argoproj.io/instance']).toBe('shop');
      const app = (await raw(sim.url, 'GET', `${APPS}/shop`)).body as Obj;
      expect(app.status.resources).toEqual([
        expect.objectContaining({ kind: 'Deployment', namespace: 'team-a', name: 'web' }),
      ]);
      await scale(sim, 'team-a', 'web', 0);
      await gitops.idle();
      expect(await replicas(sim, 'team-a', 'web')).toBe(3);
      expect(gitops.reverts).toEqual([
        { by: 'Application/argocd/shop', namespace: 'team-a', name: 'web', from: 0, to: 3 },
      ]);
    } finally {
      gitops.stop();
    }
  });

  it.each([
    [
      'an Application whose automated sync is removed',
      { spec: { syncPolicy: { automated: null } } },
    ],
    [
      'an Application with auto-sync but no self-heal',
      { spec: { syncPolicy: { automated: { prune: true, selfHeal: null } } } },
    ],
    [
      'an Application with skip-reconcile',
      { metadata: { annotations: { 'argocd.argoproj.io/skip-reconcile': 'true' } } },
    ],
  ])('%s leaves a scale-down alone', async (_name, patch) => {
    const sim = await start(true);
    await namespaces(sim, 'argocd', 'team-a');
    const gitops = startGitOpsReconciler(sim);
    try {
      await raw(sim.url, 'POST', APPS, application({ selfHeal: true }));
      await gitops.git({ kind: 'Application', namespace: 'argocd', name: 'shop' }, [
        { namespace: 'team-a', name: 'web', replicas: 3 },
      ]);
      await raw(sim.url, 'PATCH', `${APPS}/shop`, patch, 'application/merge-patch+json');
      await scale(sim, 'team-a', 'web', 0);
      await gitops.idle();
      expect(await replicas(sim, 'team-a', 'web')).toBe(0);
      expect(gitops.reverts).toEqual([]);
    } finally {
      gitops.stop();
    }
  });

  it('a Flux Kustomization reverts until it is suspended, and again once it is not', async () => {
    const sim = await start(true);
    await namespaces(sim, 'flux-system', 'team-a');
    const gitops = startGitOpsReconciler(sim);
    const merge = 'application/merge-patch+json';
    try {
      await raw(sim.url, 'POST', KS, kustomization(false));
      await gitops.git({ kind: 'Kustomization', namespace: 'flux-system', name: 'shop' }, [
        { namespace: 'team-a', name: 'web', replicas: 2 },
      ]);
      const ks = (await raw(sim.url, 'GET', `${KS}/shop`)).body as Obj;
      expect(ks.status.inventory.entries).toEqual([{ id: 'team-a_web_apps_Deployment', v: 'v1' }]);
      await scale(sim, 'team-a', 'web', 0);
      await gitops.idle();
      expect(await replicas(sim, 'team-a', 'web')).toBe(2);
      await raw(sim.url, 'PATCH', `${KS}/shop`, { spec: { suspend: true } }, merge);
      await scale(sim, 'team-a', 'web', 0);
      await gitops.idle();
      expect(await replicas(sim, 'team-a', 'web')).toBe(0);
      await raw(sim.url, 'PATCH', `${KS}/shop`, { spec: { suspend: null } }, merge);
      await gitops.idle();
      expect(await replicas(sim, 'team-a', 'web')).toBe(2);
      expect(gitops.reverts.map((r) => r.from)).toEqual([0, 0]);
    } finally {
      gitops.stop();
    }
  });
});
