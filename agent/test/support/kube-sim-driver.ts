import type { ReconcilerRef } from '@curfew/core';
import {
  GITOPS_RESOURCES,
  gitOpsCrdYaml,
  type KubeSim,
  loadFixture,
  type SimulatedGitOps,
  startGitOpsReconciler,
  startKubeSim,
} from '@curfew/kube-sim';
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
import { kubeconfigFileTarget } from '../../src/kube/http/index.js';
import { RealKube, type RealKubeOptions } from '../../src/kube/real-kube.js';
import type { WorkloadKind } from '../../src/kube/types.js';
import type { ClusterDriver, ReconcilerView } from './cluster-driver.js';
import type { GitWorkload } from './fake-gitops.js';

const MERGE = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const KEDA = { group: 'keda.sh', version: 'v1alpha1', plural: 'scaledobjects' };
/** The ConfigMap whose finalizer holds a namespace's deletion. */
const HELD = 'held-by-finalizer';
const WATCHED = new Set(['namespaces', 'deployments', 'statefulsets', 'cronjobs', 'pods']);

/**
 * kube-sim over real HTTP. The agent side (`connect`) runs the agent's own client on the
 * kubeconfig kube-sim wrote; the test's own requests go through client-node, a second,
 * independent client.
 */
export class KubeSimDriver implements ClusterDriver {
  readonly name = 'kube-sim';
  readonly kubeConfig = new KubeConfig();
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly batch: BatchV1Api;
  private readonly custom: CustomObjectsApi;
  /** The simulated Argo CD / Flux, once a test declares a reconciler. */
  private gitOps: SimulatedGitOps | undefined;

  private constructor(readonly sim: KubeSim) {
    this.kubeConfig.loadFromString(sim.kubeconfig);
    this.core = this.kubeConfig.makeApiClient(CoreV1Api);
    this.apps = this.kubeConfig.makeApiClient(AppsV1Api);
    this.batch = this.kubeConfig.makeApiClient(BatchV1Api);
    this.custom = this.kubeConfig.makeApiClient(CustomObjectsApi);
  }

  static async start(options: Parameters<typeof startKubeSim>[0] = {}): Promise<KubeSimDriver> {
    // HTTPS with a token: client-node 2.x refuses plain HTTP unless TLS checks are disabled.
    return new KubeSimDriver(
      await startKubeSim({ readyDelayMs: 0, token: 'sim-token', ...options }),
    );
  }

  connect(options?: RealKubeOptions) {
    const log = pino({ level: process.env.CURFEW_TEST_LOG ?? 'silent' });
    return new RealKube(kubeconfigFileTarget(this.sim.kubeconfigPath), log, options);
  }

  async addNamespace(name: string, labels = {}, annotations = {}) {
    await this.core.createNamespace({ body: { metadata: { name, labels, annotations } } });
  }

  async addWorkload(
    kind: WorkloadKind,
    namespace: string,
    name: string,
    replicas: number,
    annotations = {},
    templateAnnotations = {},
  ) {
    const spec = {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations: templateAnnotations },
        spec: {
          containers: [
            {
              name: 'main',
              image: 'registry.example/app:1',
              resources: { requests: { cpu: '100m', memory: '128Mi' } },
            },
          ],
        },
      },
    };
    const metadata = { name, namespace, annotations };
    if (kind === 'Deployment') {
      await this.apps.createNamespacedDeployment({ namespace, body: { metadata, spec } });
    } else {
      await this.apps.createNamespacedStatefulSet({
        namespace,
        body: { metadata, spec: { ...spec, serviceName: name } },
      });
    }
  }

  async addPod(namespace: string, name: string, annotations: Record<string, string>) {
    await this.core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name, namespace, annotations },
        spec: { containers: [{ name: 'main', image: 'registry.example/job:1' }] },
      },
    });
  }

  async pod(namespace: string, name: string) {
    try {
      const pod = await this.core.readNamespacedPod({ name, namespace });
      return { ...pod.metadata?.annotations };
    } catch {
      return undefined;
    }
  }

  async templateAnnotations(kind: WorkloadKind, namespace: string, name: string) {
    const w =
      kind === 'Deployment'
        ? await this.apps.readNamespacedDeployment({ name, namespace })
        : await this.apps.readNamespacedStatefulSet({ name, namespace });
    return { ...w.spec?.template?.metadata?.annotations };
  }

  async addCronJob(namespace: string, name: string, suspend: boolean) {
    await this.batch.createNamespacedCronJob({
      namespace,
      body: {
        metadata: { name, namespace },
        spec: {
          schedule: '0 3 * * *',
          suspend,
          jobTemplate: {
            spec: {
              template: {
                spec: {
                  restartPolicy: 'OnFailure',
                  containers: [{ name: 'job', image: 'registry.example/job:1' }],
                },
              },
            },
          },
        },
      },
    });
  }

  async addScaledObject(namespace: string, name: string, target: string, annotations = {}) {
    await this.custom.createNamespacedCustomObject({
      ...KEDA,
      namespace,
      body: {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        metadata: { name, namespace, annotations },
        spec: {
          scaleTargetRef: { name: target },
          minReplicaCount: 0,
          triggers: [
            {
              type: 'cron',
              metadata: {
                timezone: 'UTC',
                start: '0 8 * * *',
                end: '0 19 * * *',
                desiredReplicas: '1',
              },
            },
          ],
        },
      },
    });
  }

  async scaledObjectAnnotations(namespace: string, name: string) {
    const so = (await this.custom.getNamespacedCustomObject({ ...KEDA, namespace, name })) as {
      metadata?: { annotations?: Record<string, string> };
    };
    return { ...so.metadata?.annotations };
  }

  async scaleByHand(kind: WorkloadKind, namespace: string, name: string, replicas: number) {
    // What `kubectl scale` does: a patch of the /scale subresource.
    const body = { spec: { replicas } };
    if (kind === 'Deployment') {
      await this.apps.patchNamespacedDeploymentScale({ name, namespace, body }, MERGE);
    } else {
      await this.apps.patchNamespacedStatefulSetScale({ name, namespace, body }, MERGE);
    }
  }

  async workload(kind: WorkloadKind, namespace: string, name: string) {
    const w =
      kind === 'Deployment'
        ? await this.apps.readNamespacedDeployment({ name, namespace })
        : await this.apps.readNamespacedStatefulSet({ name, namespace });
    return { replicas: w.spec?.replicas ?? 1, annotations: { ...w.metadata?.annotations } };
  }

  async cronJob(namespace: string, name: string) {
    const c = await this.batch.readNamespacedCronJob({ name, namespace });
    return { suspend: c.spec?.suspend === true, annotations: { ...c.metadata?.annotations } };
  }

  async namespaceAnnotations(name: string) {
    const ns = await this.core.readNamespace({ name });
    return { ...ns.metadata?.annotations };
  }

  async holdDeletion(namespace: string, finalizer: string) {
    await this.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: HELD, finalizers: [finalizer] } },
    });
  }

  async releaseDeletion(namespace: string) {
    await this.core.patchNamespacedConfigMap(
      { name: HELD, namespace, body: { metadata: { finalizers: null } } },
      MERGE,
    );
  }

  async addGitOps(
    ref: ReconcilerRef,
    fields: { automated?: unknown; suspend?: boolean },
    workloads: readonly GitWorkload[],
  ) {
    if (!this.gitOps) {
      await loadFixture(this.sim.api, gitOpsCrdYaml());
      this.gitOps = startGitOpsReconciler(this.sim);
    }
    await this.core.createNamespace({ body: { metadata: { name: ref.namespace } } }).catch(() => {
      // Already there (a second reconciler in the same namespace).
    });
    const { group, version, plural } = GITOPS_RESOURCES[ref.kind];
    await this.custom.createNamespacedCustomObject({
      group,
      version,
      plural,
      namespace: ref.namespace,
      body: {
        apiVersion: `${group}/${version}`,
        kind: ref.kind,
        metadata: { name: ref.name, namespace: ref.namespace },
        spec: reconcilerSpec(ref, fields, workloads[0]?.namespace ?? ref.namespace),
      },
    });
    await this.gitOps.git(ref, workloads);
  }

  async reconciler(ref: ReconcilerRef): Promise<ReconcilerView> {
    const { group, version, plural } = GITOPS_RESOURCES[ref.kind];
    const raw = (await this.custom.getNamespacedCustomObject({
      group,
      version,
      plural,
      namespace: ref.namespace,
      name: ref.name,
    })) as {
      metadata?: { annotations?: Record<string, string> };
      spec?: { suspend?: boolean; syncPolicy?: { automated?: unknown } };
    };
    return {
      annotations: { ...raw.metadata?.annotations },
      automated: raw.spec?.syncPolicy?.automated ?? undefined,
      suspend: raw.spec?.suspend ?? undefined,
    };
  }

  gitOpsReverts() {
    return this.gitOps?.reverts.length ?? 0;
  }

  async eventReasons(namespace: string) {
    const list = await this.core.listNamespacedEvent({ namespace });
    return list.items
      .sort((a, b) => Number(a.metadata?.resourceVersion) - Number(b.metadata?.resourceVersion))
      .filter((e) => e.involvedObject?.kind === 'Namespace')
      .map((e) => e.reason ?? '');
  }

  namespaceDeletes() {
    return this.sim.requestLog.count({ verb: 'delete', resource: 'namespaces' });
  }

  listCount() {
    return this.sim.requestLog.entries.filter((e) => e.verb === 'list' && WATCHED.has(e.resource))
      .length;
  }

  async stop() {
    this.gitOps?.stop();
    await this.sim.stop();
  }
}

/** A minimal valid spec of each reconciler kind, as its controller's users write them. */
function reconcilerSpec(
  ref: ReconcilerRef,
  fields: { automated?: unknown; suspend?: boolean },
  destination: string,
): Record<string, unknown> {
  const suspend = fields.suspend === undefined ? {} : { suspend: fields.suspend };
  if (ref.kind === 'Application') {
    return {
      project: 'default',
      source: { repoURL: 'https://git.example/shop.git', path: 'deploy', targetRevision: 'HEAD' },
      destination: { server: 'https://kubernetes.default.svc', namespace: destination },
      ...(fields.automated === undefined ? {} : { syncPolicy: { automated: fields.automated } }),
    };
  }
  if (ref.kind === 'Kustomization') {
    return {
      interval: '10m',
      path: './deploy',
      prune: true,
      sourceRef: { kind: 'GitRepository', name: ref.name },
      ...suspend,
    };
  }
  return {
    interval: '10m',
    chart: { spec: { chart: ref.name, sourceRef: { kind: 'HelmRepository', name: ref.name } } },
    ...suspend,
  };
}
