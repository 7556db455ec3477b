import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
} from '@kubernetes/client-node';

/** A bare Pod's time bomb: the agent annotates, extends and deletes such pods. */
export const TIME_BOMB = { 'curfew.dev/valid-until': '2026-12-31T00:00:00Z' };

/** The GitOps objects that reconcile `dev`: Argo CD's Application lives in `argocd`. */
export const RECONCILERS = [
  { kind: 'Application' as const, namespace: 'argocd', name: 'shop' },
  { kind: 'Kustomization' as const, namespace: 'dev', name: 'shop' },
  { kind: 'HelmRelease' as const, namespace: 'dev', name: 'shop' },
];

export const POD_TEMPLATE = {
  metadata: { labels: { app: 'x' }, annotations: { team: 'a' } },
  spec: { containers: [{ name: 'main', image: 'registry.example/app:1' }] },
};

const MANAGED = { 'curfew.dev/managed': 'true' };

/**
 * Every kind of object the agent acts on, created by an admin before the agent's calls are
 * checked (by RBAC or by the admission policy): the agent's own namespace and a managed `dev`
 * (both labelled managed — a policy must still protect the agent's own), `argocd`, a Deployment
 * `web`, a StatefulSet `db`, a bare Pod `stale` with a time bomb, a CronJob `nightly`, a KEDA
 * ScaledObject `web`, and the Argo CD Application, Flux Kustomization and HelmRelease `shop`.
 * kube-sim must have been started with `gitOpsCrdYaml()` and serve keda.sh.
 */
export async function seedAgentWorld(kubeConfig: KubeConfig, agentNamespace: string) {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const batch = kubeConfig.makeApiClient(BatchV1Api);
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  for (const name of [agentNamespace, 'dev'])
    await core.createNamespace({ body: { metadata: { name, labels: MANAGED } } });
  await core.createNamespace({ body: { metadata: { name: 'argocd' } } });

  const spec = { replicas: 2, selector: { matchLabels: { app: 'x' } }, template: POD_TEMPLATE };
  await apps.createNamespacedDeployment({
    namespace: 'dev',
    body: { metadata: { name: 'web' }, spec },
  });
  await apps.createNamespacedStatefulSet({
    namespace: 'dev',
    body: { metadata: { name: 'db' }, spec: { ...spec, serviceName: 'db' } },
  });
  await core.createNamespacedPod({
    namespace: 'dev',
    body: { metadata: { name: 'stale', annotations: TIME_BOMB }, spec: POD_TEMPLATE.spec },
  });
  await batch.createNamespacedCronJob({
    namespace: 'dev',
    body: {
      metadata: { name: 'nightly' },
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: {
          spec: { template: { spec: { ...POD_TEMPLATE.spec, restartPolicy: 'OnFailure' } } },
        },
      },
    },
  });
  await custom.createNamespacedCustomObject({
    group: 'keda.sh',
    version: 'v1alpha1',
    namespace: 'dev',
    plural: 'scaledobjects',
    body: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: { name: 'web' } },
    },
  });
  await custom.createNamespacedCustomObject({
    group: 'argoproj.io',
    version: 'v1alpha1',
    namespace: 'argocd',
    plural: 'applications',
    body: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'shop' },
      spec: {
        project: 'default',
        source: { repoURL: 'https://git.example/shop.git', path: 'deploy', targetRevision: 'HEAD' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'dev' },
        syncPolicy: { automated: { selfHeal: true } },
      },
    },
  });
  await custom.createNamespacedCustomObject({
    group: 'kustomize.toolkit.fluxcd.io',
    version: 'v1',
    namespace: 'dev',
    plural: 'kustomizations',
    body: {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'shop' },
      spec: {
        interval: '10m',
        path: './deploy',
        prune: true,
        sourceRef: { kind: 'GitRepository', name: 'shop' },
      },
    },
  });
  await custom.createNamespacedCustomObject({
    group: 'helm.toolkit.fluxcd.io',
    version: 'v2',
    namespace: 'dev',
    plural: 'helmreleases',
    body: {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'shop' },
      spec: {
        interval: '10m',
        chart: { spec: { chart: 'shop', sourceRef: { kind: 'HelmRepository', name: 'shop' } } },
      },
    },
  });
}
