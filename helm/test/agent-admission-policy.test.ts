/**
 * Finding 1 of issue 18: whoever takes over the agent's pod holds its token, and RBAC alone
 * (patch on workloads, pods and namespaces cluster-wide) would let them run anything anywhere.
 * The chart's ValidatingAdmissionPolicy — rendered by the real helm, enforced by kube-sim with
 * CEL — must let the agent's own identity do everything Curfew does (every write method of its
 * real client, as in agent-rbac.test.ts) and refuse every other change, while other users are
 * untouched by it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planSupportPod, supportPodManifest } from '@curfew/core';
import { gitOpsCrdYaml, type KubeSim, mustResource, startKubeSim } from '@curfew/kube-sim';
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeconfigFileTarget } from '../../agent/src/kube/http/index.js';
import { RealKube } from '../../agent/src/kube/real-kube.js';
import { POD_TEMPLATE, seedAgentWorld } from './support/agent-world.js';
import { chartDir } from './support/charts.js';
import { helm, renderedObjects } from './support/helm.js';

const NS = 'curfew-system';
const SERVICE_ACCOUNT = 'curfew-curfew-agent';
const AGENT_USER = `system:serviceaccount:${NS}:${SERVICE_ACCOUNT}`;
const MERGE = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const STRATEGIC = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
const ARGO = { group: 'argoproj.io', version: 'v1alpha1', plural: 'applications' };
const FLUX = { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations' };

let sim: KubeSim;
let agent: { core: CoreV1Api; apps: AppsV1Api; batch: BatchV1Api; custom: CustomObjectsApi };
let admin: typeof agent;
let kube: RealKube;
let policyName: string;

function clients(kubeconfig: string) {
  const config = new KubeConfig();
  config.loadFromString(kubeconfig);
  return {
    config,
    core: config.makeApiClient(CoreV1Api),
    apps: config.makeApiClient(AppsV1Api),
    batch: config.makeApiClient(BatchV1Api),
    custom: config.makeApiClient(CustomObjectsApi),
  };
}

beforeAll(async () => {
  sim = await startKubeSim({
    readyDelayMs: 0,
    token: 'admin-token',
    // Argo CD's and Flux's CRDs: the GitOps-aware suspend patches their objects.
    fixture: gitOpsCrdYaml(),
    users: { 'agent-token': { username: AGENT_USER, groups: ['system:serviceaccounts'] } },
  });
  const rendered = helm([
    'template',
    'curfew',
    chartDir('curfew-agent'),
    '--namespace',
    NS,
    '--set-string',
    'clusterId=c1',
    '--set-string',
    'hub.address=hub.example.com:443',
    '--set-string',
    'token.value=0123456789abcdef0123',
  ]);
  expect(rendered.status).toBe(0);
  const objects = renderedObjects(rendered.stdout);
  const policy = objects.find((o) => o.kind === 'ValidatingAdmissionPolicy');
  const binding = objects.find((o) => o.kind === 'ValidatingAdmissionPolicyBinding');
  const account = objects.find((o) => o.kind === 'ServiceAccount');
  if (!policy || !binding || !account)
    throw new Error('the chart rendered no policy, binding or service account');
  expect(account.metadata.name).toBe(SERVICE_ACCOUNT);
  policyName = policy.metadata.name;
  const admission = (plural: string) => mustResource('admissionregistration.k8s.io', plural);
  await sim.api.create(admission('validatingadmissionpolicies'), '', policy);
  await sim.api.create(admission('validatingadmissionpolicybindings'), '', binding);

  const adminClients = clients(sim.kubeconfig);
  admin = adminClients;
  const agentClients = clients(sim.kubeconfig.replace('admin-token', 'agent-token'));
  agent = agentClients;
  await seed(adminClients);
  // The agent's own client, authenticated as the agent: a kubeconfig with its token.
  const agentKubeconfig = join(mkdtempSync(join(tmpdir(), 'curfew-vap-')), 'agent.kubeconfig');
  writeFileSync(agentKubeconfig, sim.kubeconfig.replace('admin-token', 'agent-token'), {
    mode: 0o600,
  });
  kube = new RealKube(kubeconfigFileTarget(agentKubeconfig), pino({ level: 'silent' }));
});

afterAll(async () => {
  await sim?.stop();
});

/** The agent's world (agent-world.ts), and what only the policy's refusals need. */
async function seed(c: typeof admin & { config: KubeConfig }) {
  await seedAgentWorld(c.config, NS);
  // Even labelled managed, kube-* namespaces are never Curfew's to delete.
  for (const name of ['kube-tools', 'gone']) {
    await c.core.createNamespace({
      body: { metadata: { name, labels: { 'curfew.dev/managed': 'true' } } },
    });
  }
  await c.core.createNamespace({ body: { metadata: { name: 'other' } } });
  await c.core.createNamespacedPod({
    namespace: 'dev',
    body: { metadata: { name: 'plain' }, spec: POD_TEMPLATE.spec },
  });
}

/** The Status message of a refused call, or a failure when it was not refused by the policy. */
async function refusedByPolicy(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e as { code?: number; body?: unknown },
  );
  if (!error) throw new Error('the call was allowed');
  const body =
    typeof error.body === 'string'
      ? (JSON.parse(error.body) as { message?: string })
      : (error.body as { message?: string });
  const message = body?.message ?? String(error);
  expect(message).toContain(
    `ValidatingAdmissionPolicy '${policyName}' with binding '${policyName}' denied request: `,
  );
  expect([403, 422]).toContain(error.code);
  return message;
}

/** The support pod exactly as the agent builds it (core's plan and manifest). */
const supportPod = () =>
  supportPodManifest(
    planSupportPod({
      name: 'manage1',
      size: 'S',
      namespace: NS,
      image: 'busybox:1.37',
      command: ['sleep', 'infinity'],
      timerMs: 8 * 3_600_000,
      requestedBy: 'U1',
      runAsUser: 65_534,
      now: Date.now(),
    }),
  );

describe("the chart's admission policy on the agent's identity", () => {
  it('allows every write Curfew makes, through the agent client', async () => {
    await kube.annotateNamespace('dev', { 'curfew.dev/state': 'suspended' });
    const previous = { 'curfew.dev/previous-replicas': '2' };
    await kube.scaleWorkload('Deployment', 'dev', 'web', { replicas: 0, annotations: previous });
    await kube.scaleWorkload('StatefulSet', 'dev', 'db', { replicas: 0, annotations: previous });
    await kube.patchWorkload('Deployment', 'dev', 'web', {
      annotations: { 'curfew.dev/expiry-warned': '60@2026-11-23T10:00:00Z' },
      templateAnnotations: { 'curfew.dev/timer': '1h' },
    });
    await kube.patchCronJob('dev', 'nightly', {
      suspend: true,
      annotations: { 'curfew.dev/x': 'y' },
    });
    await kube.patchPodAnnotations('dev', 'stale', { 'curfew.dev/timer': '2h' });
    await kube.annotateScaledObject('dev', 'web', { 'autoscaling.keda.sh/paused': 'true' });
    await kube.createEvent({
      namespace: 'dev',
      reason: 'CurfewSuspended',
      message: 'm',
      type: 'Normal',
      instance: 'a',
    });
    await kube.createPod(supportPod() as never);
    expect(await kube.deletePod(NS, supportPod().metadata.name)).toBe(true);
    expect(await kube.deletePod('dev', 'stale')).toBe(true);
    await kube.scaleWorkload('Deployment', 'dev', 'web', {
      replicas: 2,
      annotations: { 'curfew.dev/previous-replicas': null },
    });
    await kube.deleteNamespace('gone');
    // The GitOps-aware suspend's pause and restore of both kinds.
    const record = { 'curfew.dev/paused-by-curfew': 'dev' };
    const app = { kind: 'Application', namespace: 'argocd', name: 'shop' } as const;
    const ks = { kind: 'Kustomization', namespace: 'dev', name: 'shop' } as const;
    await kube.patchReconciler(app, {
      annotations: record,
      spec: { syncPolicy: { automated: null } },
    });
    await kube.patchReconciler(ks, { annotations: record, spec: { suspend: true } });
    await kube.patchReconciler(app, {
      annotations: { 'curfew.dev/paused-by-curfew': null },
      spec: { syncPolicy: { automated: { selfHeal: true } } },
    });
    await kube.patchReconciler(ks, {
      annotations: { 'curfew.dev/paused-by-curfew': null },
      spec: { suspend: null },
    });
  });

  it.each<{ name: string; attack: () => Promise<unknown>; says: RegExp }>([
    {
      name: "changing a Deployment's image",
      attack: () =>
        agent.apps.patchNamespacedDeployment(
          {
            name: 'web',
            namespace: 'dev',
            body: {
              spec: { template: { spec: { containers: [{ name: 'main', image: 'evil:1' }] } } },
            },
          },
          STRATEGIC,
        ),
      says: /never what it runs/,
    },
    {
      name: "giving a StatefulSet's pods another service account",
      attack: () =>
        agent.apps.patchNamespacedStatefulSet(
          {
            name: 'db',
            namespace: 'dev',
            body: { spec: { template: { spec: { serviceAccountName: 'admin' } } } },
          },
          MERGE,
        ),
      says: /never what it runs/,
    },
    {
      name: "changing a workload's pod template labels (what its selector picks)",
      attack: () =>
        agent.apps.patchNamespacedDeployment(
          {
            name: 'web',
            namespace: 'dev',
            body: { spec: { template: { metadata: { labels: { app: 'x', extra: 'y' } } } } },
          },
          MERGE,
        ),
      says: /never what it runs/,
    },
    {
      name: "writing an annotation that is not Curfew's",
      attack: () =>
        agent.apps.patchNamespacedDeployment(
          {
            name: 'web',
            namespace: 'dev',
            body: { metadata: { annotations: { 'sidecar.istio.io/inject': 'true' } } },
          },
          MERGE,
        ),
      says: /only curfew\.dev\/\* annotations/,
    },
    {
      name: "changing a running Pod's image",
      attack: () =>
        agent.core.patchNamespacedPod(
          {
            name: 'plain',
            namespace: 'dev',
            body: { spec: { containers: [{ name: 'main', image: 'evil:1' }] } },
          },
          STRATEGIC,
        ),
      says: /spec of a Pod/,
    },
    {
      name: "relabelling kube-system's Pod Security",
      attack: () =>
        agent.core.patchNamespace(
          {
            name: 'kube-system',
            body: { metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } },
          },
          MERGE,
        ),
      says: /labels/,
    },
    {
      name: "changing a CronJob's job",
      attack: () =>
        agent.batch.patchNamespacedCronJob(
          { name: 'nightly', namespace: 'dev', body: { spec: { schedule: '* * * * *' } } },
          MERGE,
        ),
      says: /CronJob's suspend/,
    },
    {
      name: "changing a ScaledObject's target",
      attack: () =>
        agent.custom.patchNamespacedCustomObject(
          {
            group: 'keda.sh',
            version: 'v1alpha1',
            namespace: 'dev',
            plural: 'scaledobjects',
            name: 'web',
            body: { spec: { scaleTargetRef: { name: 'other' } } },
          },
          MERGE,
        ),
      says: /spec of a Pod, Namespace or ScaledObject/,
    },
    {
      name: 'pointing an Argo CD Application at another repository',
      attack: () =>
        agent.custom.patchNamespacedCustomObject(
          {
            ...ARGO,
            namespace: 'argocd',
            name: 'shop',
            body: { spec: { source: { repoURL: 'https://evil.example/x.git' } } },
          },
          MERGE,
        ),
      says: /only an Argo CD Application's syncPolicy\.automated/,
    },
    {
      name: 'deploying an Argo CD Application into kube-system',
      attack: () =>
        agent.custom.patchNamespacedCustomObject(
          {
            ...ARGO,
            namespace: 'argocd',
            name: 'shop',
            body: { spec: { destination: { namespace: 'kube-system' } } },
          },
          MERGE,
        ),
      says: /only an Argo CD Application's syncPolicy\.automated/,
    },
    {
      name: 'changing what a Flux Kustomization applies, or as whom',
      attack: () =>
        agent.custom.patchNamespacedCustomObject(
          {
            ...FLUX,
            namespace: 'dev',
            name: 'shop',
            body: { spec: { path: './other', serviceAccountName: 'admin' } },
          },
          MERGE,
        ),
      says: /only a Flux object's suspend/,
    },
    {
      name: 'deleting a namespace Curfew does not manage',
      attack: () => agent.core.deleteNamespace({ name: 'other' }),
      says: /only namespaces labelled curfew\.dev\/managed=true/,
    },
    {
      name: 'deleting a kube-* namespace, even labelled managed',
      attack: () => agent.core.deleteNamespace({ name: 'kube-tools' }),
      says: /never kube-\*, default or its own/,
    },
    {
      name: 'deleting its own namespace, even labelled managed',
      attack: () => agent.core.deleteNamespace({ name: NS }),
      says: /never kube-\*, default or its own/,
    },
    {
      name: 'deleting a Pod without a time bomb',
      attack: () => agent.core.deleteNamespacedPod({ name: 'plain', namespace: 'dev' }),
      says: /only Pods with a Curfew time bomb/,
    },
    {
      name: 'creating a Pod outside its own namespace',
      attack: () =>
        agent.core.createNamespacedPod({
          namespace: 'dev',
          body: { ...supportPod(), metadata: { name: 'x' } } as never,
        }),
      says: /only in its own namespace/,
    },
    {
      name: 'creating a privileged Pod in its own namespace',
      attack: () =>
        agent.core.createNamespacedPod({
          namespace: NS,
          body: {
            metadata: { name: 'root' },
            spec: {
              containers: [{ name: 'sh', image: 'busybox', securityContext: { privileged: true } }],
            },
          },
        }),
      says: /restricted/,
    },
    {
      name: "creating a Pod that mounts the agent's own token",
      attack: () => {
        const pod = supportPod();
        return agent.core.createNamespacedPod({
          namespace: NS,
          body: {
            ...pod,
            metadata: { name: 'thief' },
            spec: {
              ...pod.spec,
              automountServiceAccountToken: true,
              serviceAccountName: SERVICE_ACCOUNT,
            },
          } as never,
        });
      },
      says: /without a service account token/,
    },
  ])('refuses $name', async ({ attack, says }) => {
    expect(await refusedByPolicy(attack())).toMatch(says);
  });

  it('leaves every other user alone: an admin may still change the image and delete any namespace', async () => {
    await admin.apps.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: 'dev',
        body: {
          spec: {
            template: { spec: { containers: [{ name: 'main', image: 'registry.example/app:2' }] } },
          },
        },
      },
      STRATEGIC,
    );
    await admin.core.deleteNamespace({ name: 'other' });
  });
});
