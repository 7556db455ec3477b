import type { ReconcilerKind, ReconcilerPatch, ReconcilerRef } from '@curfew/core';
import {
  AppsV1Api,
  BatchV1Api,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import type { Logger } from 'pino';
import {
  call,
  fromLease,
  fromReconciler,
  fromScaledObject,
  GITOPS,
  KEDA,
  orNull,
  type RawReconciler,
  type RawScaledObject,
  toLease,
} from './client-node-wire.js';
import { toCronJob, toNamespace, toPod, toWorkload } from './convert.js';
import { pagedList } from './paged-list.js';
import { reflect } from './reflector.js';
import {
  type AnnotationPatch,
  type CronJobPatch,
  type EventSpec,
  FIELD_MANAGER,
  type KubeApi,
  type LeaseObject,
  type PodManifest,
  type ScalePatch,
  type WatchEvent,
  type Watching,
  type WorkloadKind,
  type WorkloadPatch,
} from './types.js';
import type { WatchTiming } from './watch-stream.js';

// Merge patch, not strategic: annotations and scalar fields only, and a `null` value
// removes an annotation — exactly the semantics the executor relies on.
const MERGE = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export interface RealKubeOptions {
  /** How long each watch lasts and when a silent one is given up (defaults: client-go's). */
  watch?: WatchTiming;
}

/** `KubeApi` on @kubernetes/client-node: in-cluster service account or a kubeconfig. */
export class RealKube implements KubeApi {
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly batch: BatchV1Api;
  private readonly coordination: CoordinationV1Api;
  private readonly custom: CustomObjectsApi;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly log: Logger,
    private readonly options: RealKubeOptions = {},
  ) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
    this.batch = kubeConfig.makeApiClient(BatchV1Api);
    this.coordination = kubeConfig.makeApiClient(CoordinationV1Api);
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
  }

  watch(onEvent: (event: WatchEvent) => void): Watching {
    const base = {
      kubeConfig: this.kubeConfig,
      onEvent,
      log: this.log,
      ...(this.options.watch ? { timing: this.options.watch } : {}),
    };
    const reflectors = [
      reflect({
        ...base,
        kind: 'Namespace',
        path: '/api/v1/namespaces',
        list: () => pagedList('Namespace', (page) => this.core.listNamespace(page)),
      }),
      reflect({
        ...base,
        kind: 'Deployment',
        path: '/apis/apps/v1/deployments',
        list: () =>
          pagedList('Deployment', (page) => this.apps.listDeploymentForAllNamespaces(page)),
      }),
      reflect({
        ...base,
        kind: 'StatefulSet',
        path: '/apis/apps/v1/statefulsets',
        list: () =>
          pagedList('StatefulSet', (page) => this.apps.listStatefulSetForAllNamespaces(page)),
      }),
      reflect({
        ...base,
        kind: 'CronJob',
        path: '/apis/batch/v1/cronjobs',
        list: () => pagedList('CronJob', (page) => this.batch.listCronJobForAllNamespaces(page)),
      }),
      reflect({
        ...base,
        kind: 'Pod',
        path: '/api/v1/pods',
        list: () => pagedList('Pod', (page) => this.core.listPodForAllNamespaces(page)),
      }),
    ];
    return {
      synced: Promise.all(reflectors.map((r) => r.synced)).then(() => undefined),
      stop: async () => {
        await Promise.all(reflectors.map((r) => r.stop()));
      },
    };
  }

  async getNamespace(name: string) {
    return orNull(() => call(() => this.core.readNamespace({ name })).then(toNamespace));
  }

  async annotateNamespace(name: string, annotations: AnnotationPatch, resourceVersion?: string) {
    const body = { metadata: { annotations, ...(resourceVersion ? { resourceVersion } : {}) } };
    const result = await call(() =>
      this.core.patchNamespace({ name, body, fieldManager: FIELD_MANAGER }, MERGE),
    );
    return toNamespace(result);
  }

  async deleteNamespace(name: string) {
    await call(() => this.core.deleteNamespace({ name }));
  }

  async getWorkload(kind: WorkloadKind, namespace: string, name: string) {
    return orNull(async () => {
      const raw =
        kind === 'Deployment'
          ? await call(() => this.apps.readNamespacedDeployment({ name, namespace }))
          : await call(() => this.apps.readNamespacedStatefulSet({ name, namespace }));
      return toWorkload(kind, raw);
    });
  }

  async scaleWorkload(kind: WorkloadKind, namespace: string, name: string, patch: ScalePatch) {
    // One PATCH on the object itself (not the /scale subresource, which cannot carry
    // annotations): replicas and `previous-replicas` land atomically or not at all.
    const body = {
      metadata: {
        annotations: patch.annotations,
        ...(patch.resourceVersion ? { resourceVersion: patch.resourceVersion } : {}),
      },
      spec: { replicas: patch.replicas },
    };
    const request = { name, namespace, body, fieldManager: FIELD_MANAGER };
    const raw =
      kind === 'Deployment'
        ? await call(() => this.apps.patchNamespacedDeployment(request, MERGE))
        : await call(() => this.apps.patchNamespacedStatefulSet(request, MERGE));
    return toWorkload(kind, raw);
  }

  async patchWorkload(kind: WorkloadKind, namespace: string, name: string, patch: WorkloadPatch) {
    const body = {
      metadata: {
        ...(patch.annotations ? { annotations: patch.annotations } : {}),
        ...(patch.resourceVersion ? { resourceVersion: patch.resourceVersion } : {}),
      },
      spec: patch.templateAnnotations
        ? { template: { metadata: { annotations: patch.templateAnnotations } } }
        : {},
    };
    const request = { name, namespace, body, fieldManager: FIELD_MANAGER };
    const raw =
      kind === 'Deployment'
        ? await call(() => this.apps.patchNamespacedDeployment(request, MERGE))
        : await call(() => this.apps.patchNamespacedStatefulSet(request, MERGE));
    return toWorkload(kind, raw);
  }

  async deletePod(namespace: string, name: string) {
    const deleted = await orNull(() =>
      call(() => this.core.deleteNamespacedPod({ name, namespace })),
    );
    return deleted !== null;
  }

  async getPod(namespace: string, name: string) {
    return orNull(() => call(() => this.core.readNamespacedPod({ name, namespace })).then(toPod));
  }

  async createPod(manifest: PodManifest) {
    const raw = await call(() =>
      this.core.createNamespacedPod({
        namespace: manifest.metadata.namespace,
        // client-node's V1Pod is a class; the API server takes the plain manifest as is.
        body: manifest as Parameters<CoreV1Api['createNamespacedPod']>[0]['body'],
        fieldManager: FIELD_MANAGER,
      }),
    );
    return toPod(raw);
  }

  async patchPodAnnotations(
    namespace: string,
    name: string,
    annotations: AnnotationPatch,
    resourceVersion?: string,
  ) {
    const body = { metadata: { annotations, ...(resourceVersion ? { resourceVersion } : {}) } };
    const raw = await call(() =>
      this.core.patchNamespacedPod({ name, namespace, body, fieldManager: FIELD_MANAGER }, MERGE),
    );
    return toPod(raw);
  }

  async getCronJob(namespace: string, name: string) {
    return orNull(() =>
      call(() => this.batch.readNamespacedCronJob({ name, namespace })).then(toCronJob),
    );
  }

  async patchCronJob(namespace: string, name: string, patch: CronJobPatch) {
    const body = {
      metadata: {
        annotations: patch.annotations,
        ...(patch.resourceVersion ? { resourceVersion: patch.resourceVersion } : {}),
      },
      spec: { suspend: patch.suspend },
    };
    const raw = await call(() =>
      this.batch.patchNamespacedCronJob(
        { name, namespace, body, fieldManager: FIELD_MANAGER },
        MERGE,
      ),
    );
    return toCronJob(raw);
  }

  async createEvent(event: EventSpec) {
    const now = new Date();
    await call(() =>
      this.core.createNamespacedEvent({
        namespace: event.namespace,
        fieldManager: FIELD_MANAGER,
        body: {
          metadata: { generateName: 'curfew-', namespace: event.namespace },
          // The API server requires involvedObject.namespace to equal the Event's namespace
          // (or the Event to live in `default`). Keeping it in the team's own namespace makes
          // it show in `kubectl get events -n <ns>` and `kubectl describe namespace <ns>`.
          involvedObject: {
            kind: 'Namespace',
            name: event.namespace,
            namespace: event.namespace,
            apiVersion: 'v1',
          },
          reason: event.reason,
          message: event.message,
          type: event.type,
          source: { component: 'curfew-agent' },
          reportingComponent: 'curfew.dev/agent',
          reportingInstance: event.instance,
          action: event.reason,
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
        },
      }),
    );
  }

  async listScaledObjects(namespace: string) {
    const list = await orNull(() =>
      call(() => this.custom.listNamespacedCustomObject({ ...KEDA, namespace })),
    );
    // 404: the KEDA CRD is not installed, so there is nothing to pause.
    const items = ((list as { items?: unknown[] } | null)?.items ?? []) as RawScaledObject[];
    return items.map(fromScaledObject);
  }

  async annotateScaledObject(
    namespace: string,
    name: string,
    annotations: AnnotationPatch,
    resourceVersion?: string,
  ) {
    const body = { metadata: { annotations, ...(resourceVersion ? { resourceVersion } : {}) } };
    const raw = await call(() =>
      this.custom.patchNamespacedCustomObject(
        { ...KEDA, namespace, name, body, fieldManager: FIELD_MANAGER },
        MERGE,
      ),
    );
    return fromScaledObject(raw as RawScaledObject);
  }

  async listReconcilers(kind: ReconcilerKind) {
    // 404: the CRD is not installed, so nothing of that kind reconciles anything.
    const list = await orNull(() =>
      call(() => this.custom.listClusterCustomObject({ ...GITOPS[kind] })),
    );
    if (list === null) return null;
    const items = ((list as { items?: unknown[] }).items ?? []) as RawReconciler[];
    return items.map((raw) => fromReconciler(kind, raw));
  }

  async getReconciler(ref: ReconcilerRef) {
    const { kind, namespace, name } = ref;
    return orNull(() =>
      call(() => this.custom.getNamespacedCustomObject({ ...GITOPS[kind], namespace, name })).then(
        (raw) => fromReconciler(kind, raw as RawReconciler),
      ),
    );
  }

  async patchReconciler(ref: ReconcilerRef, patch: ReconcilerPatch, resourceVersion?: string) {
    const { kind, namespace, name } = ref;
    // A JSON merge patch: `null` removes `spec.suspend` or `spec.syncPolicy.automated`.
    const body = {
      metadata: {
        annotations: patch.annotations,
        ...(resourceVersion ? { resourceVersion } : {}),
      },
      spec: patch.spec,
    };
    const raw = await call(() =>
      this.custom.patchNamespacedCustomObject(
        { ...GITOPS[kind], namespace, name, body, fieldManager: FIELD_MANAGER },
        MERGE,
      ),
    );
    return fromReconciler(kind, raw as RawReconciler);
  }

  async getLease(namespace: string, name: string) {
    return orNull(() =>
      call(() => this.coordination.readNamespacedLease({ name, namespace })).then(fromLease),
    );
  }

  async createLease(lease: LeaseObject) {
    const result = await call(() =>
      this.coordination.createNamespacedLease({
        namespace: lease.namespace,
        body: toLease(lease),
        fieldManager: FIELD_MANAGER,
      }),
    );
    return fromLease(result);
  }

  async replaceLease(lease: LeaseObject) {
    const result = await call(() =>
      this.coordination.replaceNamespacedLease({
        name: lease.name,
        namespace: lease.namespace,
        body: toLease(lease),
        fieldManager: FIELD_MANAGER,
      }),
    );
    return fromLease(result);
  }
}
