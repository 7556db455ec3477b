import type { ReconcilerKind, ReconcilerPatch, ReconcilerRef } from '@curfew/core';
import type { Logger } from 'pino';
import { toCronJob, toNamespace, toPod, toWorkload } from './convert.js';
import { KubeHttp, type KubeTarget, type OpenOptions } from './http/index.js';
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
  type WatchedKind,
  type Watching,
  type WorkloadKind,
  type WorkloadPatch,
} from './types.js';
import type { WatchTiming } from './watch-stream.js';
import {
  fromLease,
  fromReconciler,
  fromScaledObject,
  GITOPS,
  KEDA_SCALED_OBJECTS,
  orNull,
  type RawReconciler,
  type RawScaledObject,
  time,
  toLease,
} from './wire.js';

export interface RealKubeOptions {
  /** How long each watch lasts and when a silent one is given up (defaults: client-go's). */
  watch?: WatchTiming;
}

/** The cluster-wide path each watched kind is listed and watched on. */
const WATCHED: [WatchedKind, string][] = [
  ['Namespace', '/api/v1/namespaces'],
  ['Deployment', '/apis/apps/v1/deployments'],
  ['StatefulSet', '/apis/apps/v1/statefulsets'],
  ['CronJob', '/apis/batch/v1/cronjobs'],
  ['Pod', '/api/v1/pods'],
];

const namespaced = (group: string, namespace: string, plural: string, name?: string) =>
  `${group}/namespaces/${encodeURIComponent(namespace)}/${plural}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
const CORE = '/api/v1';
const reconcilerPath = ({ kind, namespace, name }: ReconcilerRef) => {
  const { group, version, plural } = GITOPS[kind];
  return namespaced(`/apis/${group}/${version}`, namespace, plural, name);
};
const APPS = '/apis/apps/v1';
const BATCH = '/apis/batch/v1';
const COORDINATION = '/apis/coordination.k8s.io/v1';
const workloadPlural = (kind: WorkloadKind) =>
  kind === 'Deployment' ? 'deployments' : 'statefulsets';

/**
 * Merge patch, not strategic: annotations and scalar fields only, and a `null` value removes an
 * annotation — exactly the semantics the executor relies on.
 */
const merge = (body: unknown): OpenOptions => ({
  body,
  contentType: 'application/merge-patch+json',
  query: { fieldManager: FIELD_MANAGER },
});
const create = (body: unknown): OpenOptions => ({ body, query: { fieldManager: FIELD_MANAGER } });
const withVersion = (resourceVersion: string | undefined) =>
  resourceVersion ? { resourceVersion } : {};

/**
 * `KubeApi` over the agent's own HTTP client (http/client.ts): in-cluster service account or a
 * kubeconfig (http/resolve.ts).
 */
export class RealKube implements KubeApi {
  private readonly http: KubeHttp;

  constructor(
    target: KubeTarget,
    private readonly log: Logger,
    private readonly options: RealKubeOptions = {},
  ) {
    this.http = new KubeHttp(target);
  }

  watch(onEvent: (event: WatchEvent) => void): Watching {
    const reflectors = WATCHED.map(([kind, path]) =>
      reflect({
        http: this.http,
        kind,
        path,
        onEvent,
        log: this.log,
        ...(this.options.watch ? { timing: this.options.watch } : {}),
        list: () => pagedList(kind, (page) => this.http.request('GET', path, { query: page })),
      }),
    );
    return {
      synced: Promise.all(reflectors.map((r) => r.synced)).then(() => undefined),
      stop: async () => {
        await Promise.all(reflectors.map((r) => r.stop()));
      },
    };
  }

  async getNamespace(name: string) {
    return orNull(() =>
      this.http.request('GET', `${CORE}/namespaces/${encodeURIComponent(name)}`).then(toNamespace),
    );
  }

  async annotateNamespace(name: string, annotations: AnnotationPatch, resourceVersion?: string) {
    const body = { metadata: { annotations, ...withVersion(resourceVersion) } };
    const raw = await this.http.request(
      'PATCH',
      `${CORE}/namespaces/${encodeURIComponent(name)}`,
      merge(body),
    );
    return toNamespace(raw);
  }

  async deleteNamespace(name: string) {
    await this.http.request('DELETE', `${CORE}/namespaces/${encodeURIComponent(name)}`);
  }

  async getWorkload(kind: WorkloadKind, namespace: string, name: string) {
    return orNull(async () =>
      toWorkload(
        kind,
        await this.http.request('GET', namespaced(APPS, namespace, workloadPlural(kind), name)),
      ),
    );
  }

  async scaleWorkload(kind: WorkloadKind, namespace: string, name: string, patch: ScalePatch) {
    // One PATCH on the object itself (not the /scale subresource, which cannot carry
    // annotations): replicas and `previous-replicas` land atomically or not at all.
    const body = {
      metadata: { annotations: patch.annotations, ...withVersion(patch.resourceVersion) },
      spec: { replicas: patch.replicas },
    };
    const path = namespaced(APPS, namespace, workloadPlural(kind), name);
    return toWorkload(kind, await this.http.request('PATCH', path, merge(body)));
  }

  async patchWorkload(kind: WorkloadKind, namespace: string, name: string, patch: WorkloadPatch) {
    const body = {
      metadata: {
        ...(patch.annotations ? { annotations: patch.annotations } : {}),
        ...withVersion(patch.resourceVersion),
      },
      spec: patch.templateAnnotations
        ? { template: { metadata: { annotations: patch.templateAnnotations } } }
        : {},
    };
    const path = namespaced(APPS, namespace, workloadPlural(kind), name);
    return toWorkload(kind, await this.http.request('PATCH', path, merge(body)));
  }

  async deletePod(namespace: string, name: string) {
    const deleted = await orNull(() =>
      this.http.request('DELETE', namespaced(CORE, namespace, 'pods', name)),
    );
    return deleted !== null;
  }

  async getPod(namespace: string, name: string) {
    return orNull(() =>
      this.http.request('GET', namespaced(CORE, namespace, 'pods', name)).then(toPod),
    );
  }

  async createPod(manifest: PodManifest) {
    const path = namespaced(CORE, manifest.metadata.namespace, 'pods');
    return toPod(await this.http.request('POST', path, create(manifest)));
  }

  async patchPodAnnotations(
    namespace: string,
    name: string,
    annotations: AnnotationPatch,
    resourceVersion?: string,
  ) {
    const body = { metadata: { annotations, ...withVersion(resourceVersion) } };
    const path = namespaced(CORE, namespace, 'pods', name);
    return toPod(await this.http.request('PATCH', path, merge(body)));
  }

  async getCronJob(namespace: string, name: string) {
    return orNull(() =>
      this.http.request('GET', namespaced(BATCH, namespace, 'cronjobs', name)).then(toCronJob),
    );
  }

  async patchCronJob(namespace: string, name: string, patch: CronJobPatch) {
    const body = {
      metadata: { annotations: patch.annotations, ...withVersion(patch.resourceVersion) },
      spec: { suspend: patch.suspend },
    };
    const path = namespaced(BATCH, namespace, 'cronjobs', name);
    return toCronJob(await this.http.request('PATCH', path, merge(body)));
  }

  async createEvent(event: EventSpec) {
    const now = time(Date.now());
    const body = {
      apiVersion: 'v1',
      kind: 'Event',
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
    };
    await this.http.request('POST', namespaced(CORE, event.namespace, 'events'), create(body));
  }

  async listScaledObjects(namespace: string) {
    const list = await orNull(() =>
      this.http.request<{ items?: RawScaledObject[] }>(
        'GET',
        `${KEDA_SCALED_OBJECTS}/${encodeURIComponent(namespace)}/scaledobjects`,
      ),
    );
    // 404: the KEDA CRD is not installed, so there is nothing to pause.
    return (list?.items ?? []).map(fromScaledObject);
  }

  async annotateScaledObject(
    namespace: string,
    name: string,
    annotations: AnnotationPatch,
    resourceVersion?: string,
  ) {
    const body = { metadata: { annotations, ...withVersion(resourceVersion) } };
    const path = `${KEDA_SCALED_OBJECTS}/${encodeURIComponent(namespace)}/scaledobjects/${encodeURIComponent(name)}`;
    return fromScaledObject(await this.http.request<RawScaledObject>('PATCH', path, merge(body)));
  }

  async listReconcilers(kind: ReconcilerKind) {
    const { group, version, plural } = GITOPS[kind];
    // 404: the CRD is not installed, so nothing of that kind reconciles anything.
    const list = await orNull(() =>
      this.http.request<{ items?: RawReconciler[] }>('GET', `/apis/${group}/${version}/${plural}`),
    );
    if (list === null) return null;
    return (list.items ?? []).map((raw) => fromReconciler(kind, raw));
  }

  async getReconciler(ref: ReconcilerRef) {
    return orNull(() =>
      this.http
        .request<RawReconciler>('GET', reconcilerPath(ref))
        .then((raw) => fromReconciler(ref.kind, raw)),
    );
  }

  async patchReconciler(ref: ReconcilerRef, patch: ReconcilerPatch, resourceVersion?: string) {
    // A JSON merge patch: `null` removes `spec.suspend` or `spec.syncPolicy.automated`.
    const body = {
      metadata: { annotations: patch.annotations, ...withVersion(resourceVersion) },
      spec: patch.spec,
    };
    const raw = await this.http.request<RawReconciler>('PATCH', reconcilerPath(ref), merge(body));
    return fromReconciler(ref.kind, raw);
  }

  async getLease(namespace: string, name: string) {
    return orNull(() =>
      this.http.request('GET', namespaced(COORDINATION, namespace, 'leases', name)).then(fromLease),
    );
  }

  async createLease(lease: LeaseObject) {
    const path = namespaced(COORDINATION, lease.namespace, 'leases');
    return fromLease(await this.http.request('POST', path, create(toLease(lease))));
  }

  async replaceLease(lease: LeaseObject) {
    const path = namespaced(COORDINATION, lease.namespace, 'leases', lease.name);
    return fromLease(await this.http.request('PUT', path, create(toLease(lease))));
  }
}
