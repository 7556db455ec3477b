/**
 * GitOps-aware suspend on the fake cluster, whose Argo CD / Flux twin (support/fake-gitops.ts)
 * puts a scaled-down Deployment straight back while its reconciler is active: the suspend holds
 * only because Curfew pauses exactly the reconcilers that manage the namespace first, and resume
 * gives them back exactly as they were.
 */
import type { ActionCause, ReconcilerRef } from '@curfew/core';
import { describe, expect, it } from 'vitest';
import { resume, suspend, sweepReconcilers } from '../src/actions/index.js';
import { ANN } from '../src/annotations.js';
import { ReconcilerRegistry } from '../src/gitops/reconciler-registry.js';
import type { ReconcilerObject } from '../src/kube/types.js';
import { FakeCluster } from './support/fake-cluster.js';
import { actionEnv, fakeContext, settle } from './support/fake-context.js';

const SHOP: ReconcilerRef = { kind: 'Application', namespace: 'argocd', name: 'shop' };
const APPS: ReconcilerRef = { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' };
const managed = { [ANN.managed]: 'true' };
const schedule: ActionCause = { kind: 'schedule', reason: 'end of uptime' };
const person: ActionCause = { kind: 'command', commandId: 'c1', actor: 'U1' };

/** team-a: web deployed by Argo CD (self-heal), api by a Flux Kustomization. */
function team(options: { alsoDeploys?: string } = {}) {
  const cluster = new FakeCluster();
  cluster.addNamespace('team-a', managed);
  const web = [{ namespace: 'team-a', name: 'web', replicas: 3 }];
  if (options.alsoDeploys) {
    cluster.addNamespace(options.alsoDeploys, managed);
    web.push({ namespace: options.alsoDeploys, name: 'web', replicas: 2 });
  }
  cluster.addGitOps(SHOP, { automated: { prune: true, selfHeal: true } }, web);
  cluster.addGitOps(APPS, {}, [{ namespace: 'team-a', name: 'api', replicas: 1 }]);
  return cluster;
}

async function agentOn(cluster: FakeCluster, gitOps = true) {
  const ctx = await fakeContext(cluster);
  const gitops = new ReconcilerRegistry('argocd', (kind) => ctx.kube.listReconcilers(kind));
  const { env } = actionEnv(ctx, gitOps ? { gitops } : {});
  return { ctx, env, gitops };
}

/** A reconciler as a person compares it: what Curfew may change, without its version. */
function seen(cluster: FakeCluster, ref: ReconcilerRef) {
  const object = cluster.reconciler(ref);
  if (!object) throw new Error(`no ${ref.kind} ${ref.name}`);
  const { resourceVersion: _, ...rest } = structuredClone(object) as ReconcilerObject;
  return rest;
}

const replicas = (cluster: FakeCluster, namespace = 'team-a') => ({
  web: cluster.workload('Deployment', namespace, 'web')?.replicas,
  api: cluster.workload('Deployment', 'team-a', 'api')?.replicas,
});

describe('GitOps-aware suspend', () => {
  it('pauses the Application and the Kustomization before scaling, recording their values on them; the namespace stays at 0; resume restores both exactly', async () => {
    const cluster = team();
    const before = { shop: seen(cluster, SHOP), apps: seen(cluster, APPS) };
    const { ctx, env, gitops } = await agentOn(cluster);

    const report = await suspend(env, 'team-a', schedule);
    await settle();
    expect(replicas(cluster)).toEqual({ web: 0, api: 0 });
    expect(cluster.gitOps.reverts).toEqual([]);
    expect(report.reconcilersPaused).toBe(2);
    expect(report.message).toContain(
      'Paused Argo CD Application argocd/shop and Flux Kustomization flux-system/apps so Git does not scale team-a back up; resume restores them.',
    );
    expect(seen(cluster, SHOP)).toEqual({
      ...before.shop,
      automated: undefined,
      annotations: {
        [ANN.pausedByCurfew]: 'team-a',
        [ANN.previousSyncPolicy]: '{"prune":true,"selfHeal":true}',
      },
    });
    expect(seen(cluster, APPS)).toEqual({
      ...before.apps,
      suspend: true,
      annotations: { [ANN.pausedByCurfew]: 'team-a', [ANN.previousFluxSuspend]: 'absent' },
    });
    // Both pauses are written before the first workload is scaled.
    const patches = ctx.kube.requests.filter((r) => r.verb === 'patch').map((r) => r.resource);
    expect(patches.indexOf('deployments')).toBeGreaterThan(patches.lastIndexOf('kustomizations'));
    expect(patches.indexOf('deployments')).toBeGreaterThan(patches.lastIndexOf('applications'));
    expect(gitops.pausedFor('team-a').map((o) => o.ref.name)).toEqual(['shop', 'apps']);

    const resumed = await resume(env, 'team-a', person);
    await settle();
    expect(resumed.reconcilersRestored).toBe(2);
    expect(replicas(cluster)).toEqual({ web: 3, api: 1 });
    expect({ shop: seen(cluster, SHOP), apps: seen(cluster, APPS) }).toEqual(before);
    expect(cluster.gitOps.reverts).toEqual([]);
    expect(gitops.all()).toEqual([]);
  });

  it('without the pause (CURFEW_GITOPS=off) the controllers undo the suspend: what the pause prevents', async () => {
    const cluster = team();
    const { env } = await agentOn(cluster, false);
    await suspend(env, 'team-a', schedule);
    await settle();
    expect(replicas(cluster)).toEqual({ web: 3, api: 1 });
    expect(cluster.gitOps.reverts.map((r) => `${r.by} ${r.name} ${r.from}→${r.to}`)).toEqual([
      'Application/argocd/shop web 0→3',
      'Kustomization/flux-system/apps api 0→1',
    ]);
  });

  it('an Application that also deploys a running namespace is not paused, and the owner is told it may undo the suspend', async () => {
    const cluster = team({ alsoDeploys: 'team-b' });
    const { env } = await agentOn(cluster);
    const report = await suspend(env, 'team-a', schedule);
    expect(report.message).toContain(
      'Not paused: Argo CD Application argocd/shop also deploys team-b, which is running; it may scale team-a back up.',
    );
    expect(cluster.reconciler(SHOP)?.annotations).toEqual({});
    expect(cluster.reconciler(SHOP)?.automated).toEqual({ prune: true, selfHeal: true });
    expect(cluster.reconciler(APPS)?.suspend).toBe(true);
  });

  it('an Application deploying two suspended namespaces is paused for both, restored when one resumes, and that owner is told the other may wake', async () => {
    const cluster = team({ alsoDeploys: 'team-b' });
    const { env } = await agentOn(cluster);
    // team-b was suspended earlier (while the Application was shared with running team-a).
    await suspend(env, 'team-b', schedule);
    await suspend(env, 'team-a', schedule);
    await settle();
    expect(cluster.reconciler(SHOP)?.annotations[ANN.pausedByCurfew]).toBe('team-a,team-b');
    // team-b's web, undone while the Application was shared, is suspended again.
    await suspend(env, 'team-b', schedule);
    await settle();
    expect(replicas(cluster, 'team-b').web).toBe(0);

    const resumed = await resume(env, 'team-a', person);
    expect(resumed.reconcilersRestored).toBe(2);
    expect(cluster.reconciler(SHOP)?.automated).toEqual({ prune: true, selfHeal: true });
    const text = cluster.events.find((e) => e.reason === 'CurfewResumed')?.message;
    expect(text).toContain(
      'Argo CD Application argocd/shop also deploys team-b, still suspended: it may scale it back up.',
    );
  });

  it('a Kustomization someone suspended by hand is left exactly as it is by suspend and resume', async () => {
    const cluster = team();
    const apps = cluster.reconciler(APPS);
    if (apps) apps.suspend = true;
    const before = seen(cluster, APPS);
    const { env } = await agentOn(cluster);
    const report = await suspend(env, 'team-a', schedule);
    expect(report.reconcilersPaused).toBe(1);
    expect(seen(cluster, APPS)).toEqual(before);
    await resume(env, 'team-a', person);
    expect(seen(cluster, APPS)).toEqual(before);
  });

  it('workloads marked curfew.dev/exclude name no reconciler to pause', async () => {
    const cluster = team();
    const api = cluster.workload('Deployment', 'team-a', 'api');
    if (api) api.meta.annotations[ANN.exclude] = 'true';
    const { env } = await agentOn(cluster);
    await suspend(env, 'team-a', schedule);
    expect(cluster.reconciler(APPS)?.suspend).toBeUndefined();
    expect(cluster.reconciler(SHOP)?.automated).toBeUndefined();
  });

  it('without the CRDs in this cluster nothing is paused and the owner is told', async () => {
    const cluster = team();
    cluster.gitOpsKinds.clear();
    const { env } = await agentOn(cluster);
    const report = await suspend(env, 'team-a', schedule);
    expect(report.reconcilersPaused).toBe(0);
    expect(report.message).toContain(
      "Not paused: Argo CD Application argocd/shop and Flux Kustomization flux-system/apps, named by the workloads' labels, are not in this cluster; Git may scale team-a back up.",
    );
  });

  it('without RBAC for them (403) nothing is paused and the owner is told how to allow it', async () => {
    const cluster = team();
    cluster.gitOpsStatus = 403;
    const { env } = await agentOn(cluster);
    const report = await suspend(env, 'team-a', schedule);
    expect(report.message).toContain(
      'Not paused: Curfew may not change Argo CD Application argocd/shop and Flux Kustomization flux-system/apps (install the agent chart with gitops.enabled=true); it may scale team-a back up.',
    );
  });

  it('a conflicting write to the Application (its controller writing status) is re-read and planned again', async () => {
    const cluster = team();
    const { ctx, env } = await agentOn(cluster);
    ctx.kube.failNext('patchReconciler', 409, 1);
    await suspend(env, 'team-a', schedule);
    expect(cluster.reconciler(SHOP)?.annotations[ANN.pausedByCurfew]).toBe('team-a');
    expect(cluster.reconciler(APPS)?.annotations[ANN.pausedByCurfew]).toBe('team-a');
  });
});

describe('the GitOps sweep: nothing stays paused forever', () => {
  it('restores a reconciler paused for a namespace no longer suspended, exactly, with an Event; keeps one whose namespace is', async () => {
    const cluster = team();
    cluster.addNamespace('team-c', managed);
    const ops: ReconcilerRef = { kind: 'HelmRelease', namespace: 'team-c', name: 'ops' };
    cluster.addGitOps(ops, { suspend: false }, [{ namespace: 'team-c', name: 'web', replicas: 1 }]);
    const before = { shop: seen(cluster, SHOP), apps: seen(cluster, APPS) };
    const { ctx, env } = await agentOn(cluster);
    await suspend(env, 'team-a', schedule);
    await suspend(env, 'team-c', schedule);
    // Someone marks team-a running by hand (or it is deleted): its resume will never come.
    await ctx.kube.annotateNamespace('team-a', { [ANN.state]: 'running' });
    await settle();

    const fresh = await agentOn(cluster);
    const lines = await sweepReconcilers(fresh.env);
    expect(lines).toEqual([
      'Restored Argo CD Application argocd/shop as it was: Curfew had paused it for team-a, no longer suspended.',
      'Restored Flux Kustomization flux-system/apps as it was: Curfew had paused it for team-a, no longer suspended.',
    ]);
    expect({ shop: seen(cluster, SHOP), apps: seen(cluster, APPS) }).toEqual(before);
    expect(cluster.reconciler(ops)).toMatchObject({
      suspend: true,
      annotations: { [ANN.pausedByCurfew]: 'team-c', [ANN.previousFluxSuspend]: 'false' },
    });
    expect(cluster.events.filter((e) => e.reason === 'CurfewGitOpsRestored')).toHaveLength(2);
    expect(fresh.gitops.all().map((o) => o.ref.name)).toEqual(['ops']);
    expect(await sweepReconcilers(fresh.env)).toEqual([]);
  });
});
