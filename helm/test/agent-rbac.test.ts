/**
 * The agent's real Kubernetes client (agent/src/kube/real-kube.ts), driven through every
 * method of its KubeApi against kube-sim over HTTPS, makes only the calls the chart's RBAC
 * rules allow, and the rules grant nothing it does not call except the permissions listed in
 * NOT_YET_CALLED. Adding a method to KubeApi breaks the type-check of `calls` below until it
 * is exercised here; changing what the agent calls fails this test until the RBAC contract
 * (AGENT_RBAC_RULES in packages/contracts, which the chart renders) follows.
 */
import { AGENT_RBAC_RULES } from '@curfew/contracts';
import { gitOpsCrdYaml, type KubeSim, startKubeSim } from '@curfew/kube-sim';
import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeconfigFileTarget } from '../../agent/src/kube/http/index.js';
import { RealKube } from '../../agent/src/kube/real-kube.js';
import type { KubeApi } from '../../agent/src/kube/types.js';
import {
  agentGrants,
  type CoverageReport,
  checkRequestsCovered,
  type Permission,
} from '../src/index.js';
import { RECONCILERS, seedAgentWorld } from './support/agent-world.js';

const AGENT_NAMESPACE = 'curfew-system';

/**
 * Granted for behaviour the SPEC requires but KubeApi does not have yet. When the agent gains
 * the call, this test fails: remove the entry here (or the rule, if the design changed).
 */
const NOT_YET_CALLED: Permission[] = [
  // Reading one ScaledObject: the agent lists them and patches with a resourceVersion precondition.
  { apiGroup: 'keda.sh', resource: 'scaledobjects', verb: 'get', namespace: '' },
];

let sim: KubeSim;
let report: CoverageReport;
/** The same calls against the chart without gitops.enabled. */
let withoutGitOps: CoverageReport;
let called: string[];

beforeAll(async () => {
  // With the Argo CD and Flux CRDs, as a cluster that runs them.
  sim = await startKubeSim({ readyDelayMs: 0, token: 'sim-token', fixture: gitOpsCrdYaml() });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(sim.kubeconfig);
  await seedAgentWorld(kubeConfig, AGENT_NAMESPACE);
  const first = sim.requestLog.entries.length;

  const kube = new RealKube(kubeconfigFileTarget(sim.kubeconfigPath), pino({ level: 'silent' }));
  const watching = kube.watch(() => {});
  await watching.synced;
  const lease = {
    namespace: AGENT_NAMESPACE,
    name: 'curfew-agent',
    resourceVersion: '',
    holderIdentity: 'agent-0',
    leaseDurationSeconds: 15,
    acquireTime: Date.now(),
    renewTime: Date.now(),
    leaseTransitions: 0,
  };
  // One entry per KubeApi method, in an order that works (create the Lease before replacing it,
  // delete the namespace last). `watch` ran above.
  const calls: Record<Exclude<keyof KubeApi, 'watch'>, () => Promise<unknown>> = {
    getNamespace: () => kube.getNamespace('dev'),
    annotateNamespace: () => kube.annotateNamespace('dev', { 'curfew.dev/state': 'running' }),
    getWorkload: async () => {
      await kube.getWorkload('Deployment', 'dev', 'web');
      await kube.getWorkload('StatefulSet', 'dev', 'db');
    },
    scaleWorkload: async () => {
      const annotations = { 'curfew.dev/previous-replicas': '2' };
      await kube.scaleWorkload('Deployment', 'dev', 'web', { replicas: 0, annotations });
      await kube.scaleWorkload('StatefulSet', 'dev', 'db', { replicas: 0, annotations });
    },
    patchWorkload: () =>
      kube.patchWorkload('Deployment', 'dev', 'web', {
        annotations: { 'curfew.dev/expiry-warned': '60@2026-11-23T10:00:00Z' },
        templateAnnotations: { 'curfew.dev/timer': '1h' },
      }),
    patchPodAnnotations: () =>
      kube.patchPodAnnotations('dev', 'stale', { 'curfew.dev/timer': '1h' }),
    getPod: () => kube.getPod('dev', 'stale'),
    createPod: () =>
      kube.createPod({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'support-manage1', namespace: AGENT_NAMESPACE },
        spec: { containers: [{ name: 'support', image: 'busybox:1.37' }] },
      }),
    deletePod: () => kube.deletePod('dev', 'stale'),
    getCronJob: () => kube.getCronJob('dev', 'nightly'),
    patchCronJob: () =>
      kube.patchCronJob('dev', 'nightly', { suspend: true, annotations: { 'curfew.dev/x': 'y' } }),
    createEvent: () =>
      kube.createEvent({
        namespace: 'dev',
        reason: 'Suspended',
        message: 'm',
        type: 'Normal',
        instance: 'agent-0',
      }),
    getLease: () => kube.getLease(AGENT_NAMESPACE, lease.name),
    createLease: () => kube.createLease(lease),
    replaceLease: async () => {
      const current = await kube.getLease(AGENT_NAMESPACE, lease.name);
      if (!current) throw new Error('the Lease was not created');
      await kube.replaceLease({ ...current, holderIdentity: 'agent-1' });
    },
    listScaledObjects: () => kube.listScaledObjects('dev'),
    annotateScaledObject: () =>
      kube.annotateScaledObject('dev', 'web', { 'autoscaling.keda.sh/paused': 'true' }),
    listReconcilers: async () => {
      for (const kind of ['Application', 'Kustomization', 'HelmRelease'] as const) {
        await kube.listReconcilers(kind);
      }
    },
    getReconciler: async () => {
      for (const ref of RECONCILERS) await kube.getReconciler(ref);
    },
    patchReconciler: async () => {
      const annotations = { 'curfew.dev/paused-by-curfew': 'dev' };
      await kube.patchReconciler(SHOP, { annotations, spec: { syncPolicy: { automated: null } } });
      for (const ref of RECONCILERS.slice(1)) {
        await kube.patchReconciler(ref, { annotations, spec: { suspend: true } });
      }
    },
    deleteNamespace: () => kube.deleteNamespace('dev'),
  };
  for (const call of Object.values(calls)) await call();
  await watching.stop();

  const requests = sim.requestLog.entries
    .slice(first)
    .map((entry) => ({ method: entry.method, path: `${entry.path}${entry.query}` }));
  called = requests.map((r) => `${r.method} ${r.path}`);
  report = checkRequestsCovered(
    requests,
    agentGrants(AGENT_RBAC_RULES, AGENT_NAMESPACE, { gitOps: true }),
  );
  withoutGitOps = checkRequestsCovered(requests, agentGrants(AGENT_RBAC_RULES, AGENT_NAMESPACE));
});

afterAll(async () => {
  await sim?.stop();
});

const SHOP = RECONCILERS[0] as (typeof RECONCILERS)[number];

describe('the agent client against the RBAC contract (what the chart grants)', () => {
  it('made calls (the log is not empty)', () => {
    expect(called.length).toBeGreaterThan(10);
  });

  it('makes no call the chart RBAC would forbid', () => {
    expect(report.uncovered.map((u) => u.description)).toEqual([]);
  });

  it('is granted nothing it does not call, except the listed not-yet-called permissions', () => {
    expect(report.unused).toEqual(NOT_YET_CALLED);
  });

  it('without gitops.enabled only the GitOps reconciler calls are forbidden', () => {
    const denied = withoutGitOps.uncovered.map(({ attributes: a }) =>
      a.kind === 'resource' ? `${a.verb} ${a.apiGroup}/${a.resource}` : a.path,
    );
    expect(denied.sort()).toEqual([
      'get argoproj.io/applications',
      'get helm.toolkit.fluxcd.io/helmreleases',
      'get kustomize.toolkit.fluxcd.io/kustomizations',
      'list argoproj.io/applications',
      'list helm.toolkit.fluxcd.io/helmreleases',
      'list kustomize.toolkit.fluxcd.io/kustomizations',
      'patch argoproj.io/applications',
      'patch helm.toolkit.fluxcd.io/helmreleases',
      'patch kustomize.toolkit.fluxcd.io/kustomizations',
    ]);
  });
});
