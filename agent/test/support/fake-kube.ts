import {
  type ReconcilerKind,
  type ReconcilerPatch,
  type ReconcilerRef,
  reconcilerKey,
} from '@curfew/core';
import { toPod } from '../../src/kube/convert.js';
import { KubeError } from '../../src/kube/errors.js';
import type {
  AnnotationPatch,
  CronJobObject,
  CronJobPatch,
  EventSpec,
  KubeApi,
  LeaseObject,
  Meta,
  NamespaceObject,
  PodManifest,
  PodObject,
  ReconcilerObject,
  ScaledObjectRef,
  ScalePatch,
  WatchEvent,
  WatchedObject,
  Watching,
  WorkloadKind,
  WorkloadObject,
  WorkloadPatch,
} from '../../src/kube/types.js';

/** A workload as the fake cluster keeps it: with what each of its pods requests. */
export type StoredWorkload = WorkloadObject & { podCpuMillis: number; podMemory: number };

/**
 * What a connection reads and writes of its cluster. FakeCluster is it; declared here so that
 * fake-cluster.ts (which makes connections) and this file do not import each other.
 */
export interface ClusterState {
  readonly namespaces: Map<string, NamespaceObject>;
  readonly workloads: Map<string, StoredWorkload>;
  readonly cronJobs: Map<string, CronJobObject>;
  readonly pods: Map<string, PodObject>;
  readonly leases: Map<string, LeaseObject>;
  readonly scaledObjects: Map<string, ScaledObjectRef>;
  /** GitOps reconcilers by reconcilerKey; only the kinds in `gitOpsKinds` are served. */
  readonly reconcilers: Map<string, ReconcilerObject>;
  readonly gitOpsKinds: Set<ReconcilerKind>;
  /** The answer to a GitOps request instead of serving it (403: RBAC without the rules). */
  gitOpsStatus: number | undefined;
  /** Argo CD / Flux look again after every write (fake-gitops.ts). */
  readonly gitOps: { changed(): void };
  readonly events: EventSpec[];
  nextRv(): string;
  workload(kind: WorkloadKind, namespace: string, name: string): StoredWorkload | undefined;
  subscribe(handler: (event: WatchEvent) => void): () => void;
  emit(event: WatchEvent): void;
  reconcile(workload: StoredWorkload): void;
  /** A namespace DELETE: Terminating now, its content and then itself gone a little later. */
  beginTermination(name: string): void;
  snapshot(): WatchedObject[];
}

export interface RequestRecord {
  verb: 'list' | 'watch' | 'get' | 'patch' | 'create' | 'update' | 'delete';
  resource: string;
}

type Operation =
  | 'annotateNamespace'
  | 'deleteNamespace'
  | 'scaleWorkload'
  | 'patchCronJob'
  | 'createEvent'
  | 'createLease'
  | 'replaceLease'
  | 'getLease'
  | 'getWorkload'
  | 'getNamespace'
  | 'getCronJob'
  | 'patchWorkload'
  | 'deletePod'
  | 'getPod'
  | 'createPod'
  | 'patchPodAnnotations'
  | 'listScaledObjects'
  | 'annotateScaledObject'
  | 'listReconcilers'
  | 'getReconciler'
  | 'patchReconciler';

/** Thrown once a connection has "crashed": the agent process is gone mid-flight. */
export class CrashedError extends Error {
  constructor() {
    super('agent crashed (fault injection)');
    this.name = 'CrashedError';
  }
}

/** One agent's connection to a FakeCluster, with fault injection and a request log. */
export class FakeKube implements KubeApi {
  readonly requests: RequestRecord[] = [];
  private readonly failures: { operation: Operation | '*'; status: number; left: number }[] = [];
  private writesUntilCrash = Number.POSITIVE_INFINITY;
  crashed = false;

  constructor(readonly cluster: ClusterState) {}

  /** The next `times` calls of `operation` fail with `status` (409, 429, 500...). */
  failNext(operation: Operation | '*', status: number, times = 1) {
    this.failures.push({ operation, status, left: times });
  }

  /** After `writes` more successful writes, every call throws: a kill -9 between requests. */
  crashAfterWrites(writes: number) {
    this.writesUntilCrash = writes;
  }

  watch(onEvent: (event: WatchEvent) => void): Watching {
    this.requests.push({ verb: 'list', resource: '*' }, { verb: 'watch', resource: '*' });
    const initial = this.cluster.snapshot();
    let unsubscribe: (() => void) | undefined;
    const synced = new Promise<void>((resolve) =>
      setImmediate(() => {
        if (this.crashed) return;
        for (const object of initial) onEvent({ type: 'upsert', object });
        unsubscribe = this.cluster.subscribe((event) => {
          if (!this.crashed) onEvent(event);
        });
        resolve();
      }),
    );
    return {
      synced,
      stop: async () => {
        unsubscribe?.();
      },
    };
  }

  async getNamespace(name: string) {
    this.begin('getNamespace', 'get', 'namespaces');
    const ns = this.cluster.namespaces.get(name);
    return ns ? structuredClone(ns) : null;
  }

  async annotateNamespace(name: string, annotations: AnnotationPatch, resourceVersion?: string) {
    this.begin('annotateNamespace', 'patch', 'namespaces');
    const ns = this.cluster.namespaces.get(name);
    if (!ns) throw notFound('namespaces', name);
    precondition(ns.meta, resourceVersion, 'namespaces');
    ns.meta = {
      ...ns.meta,
      annotations: mergeAnnotations(ns.meta.annotations, annotations),
      resourceVersion: this.cluster.nextRv(),
    };
    this.cluster.emit({ type: 'upsert', object: ns });
    this.wrote();
    return structuredClone(ns);
  }

  /** As on a real cluster: the namespace turns Terminating now and goes once emptied. */
  async deleteNamespace(name: string) {
    this.begin('deleteNamespace', 'delete', 'namespaces');
    if (!this.cluster.namespaces.has(name)) throw notFound('namespaces', name);
    this.cluster.beginTermination(name);
    this.wrote();
  }

  async getWorkload(kind: WorkloadKind, namespace: string, name: string) {
    this.begin('getWorkload', 'get', plural(kind));
    const workload = this.cluster.workload(kind, namespace, name);
    return workload ? (structuredClone(stripFake(workload)) as WorkloadObject) : null;
  }

  async scaleWorkload(kind: WorkloadKind, namespace: string, name: string, patch: ScalePatch) {
    this.begin('scaleWorkload', 'patch', plural(kind));
    const workload = this.cluster.workload(kind, namespace, name);
    if (!workload) throw notFound(plural(kind), name);
    precondition(workload.meta, patch.resourceVersion, plural(kind));
    workload.replicas = patch.replicas;
    workload.meta = {
      ...workload.meta,
      annotations: mergeAnnotations(workload.meta.annotations, patch.annotations),
      resourceVersion: this.cluster.nextRv(),
    };
    this.cluster.reconcile(workload);
    this.cluster.gitOps.changed();
    this.wrote();
    return structuredClone(stripFake(workload)) as WorkloadObject;
  }

  async patchWorkload(kind: WorkloadKind, namespace: string, name: string, patch: WorkloadPatch) {
    this.begin('patchWorkload', 'patch', plural(kind));
    const workload = this.cluster.workload(kind, namespace, name);
    if (!workload) throw notFound(plural(kind), name);
    precondition(workload.meta, patch.resourceVersion, plural(kind));
    if (patch.templateAnnotations) {
      workload.templateAnnotations = mergeAnnotations(
        workload.templateAnnotations ?? {},
        patch.templateAnnotations,
      );
    }
    workload.meta = {
      ...workload.meta,
      annotations: mergeAnnotations(workload.meta.annotations, patch.annotations ?? {}),
      resourceVersion: this.cluster.nextRv(),
    };
    this.cluster.reconcile(workload);
    this.wrote();
    return structuredClone(stripFake(workload)) as WorkloadObject;
  }

  async deletePod(namespace: string, name: string) {
    this.begin('deletePod', 'delete', 'pods');
    const podKey = key(namespace, 'Pod', name);
    const pod = this.cluster.pods.get(podKey);
    if (!pod) return false;
    this.cluster.pods.delete(podKey);
    this.cluster.emit({ type: 'delete', object: pod });
    this.wrote();
    return true;
  }

  async getPod(namespace: string, name: string) {
    this.begin('getPod', 'get', 'pods');
    const pod = this.cluster.pods.get(key(namespace, 'Pod', name));
    return pod ? structuredClone(pod) : null;
  }

  async createPod(manifest: PodManifest) {
    this.begin('createPod', 'create', 'pods');
    const { name, namespace } = manifest.metadata;
    const podKey = key(namespace, 'Pod', name);
    if (!this.cluster.namespaces.has(namespace)) throw notFound('namespaces', namespace);
    refuseIfTerminating(this.cluster, 'pods', name, namespace);
    if (this.cluster.pods.has(podKey)) {
      throw new KubeError(`pods "${name}" already exists`, 409, 'AlreadyExists');
    }
    // The same reduction the informer applies to a real Pod (Curfew annotations, requests),
    // and the fake kubelet starts it at once.
    const converted = toPod(manifest);
    const pod: PodObject = {
      ...converted,
      meta: { ...converted.meta, resourceVersion: this.cluster.nextRv() },
      phase: 'Running',
      ready: true,
    };
    this.cluster.pods.set(podKey, pod);
    this.cluster.emit({ type: 'upsert', object: pod });
    this.wrote();
    return structuredClone(pod);
  }

  async patchPodAnnotations(
    namespace: string,
    name: string,
    annotations: AnnotationPatch,
    resourceVersion?: string,
  ) {
    this.begin('patchPodAnnotations', 'patch', 'pods');
    const pod = this.cluster.pods.get(key(namespace, 'Pod', name));
    if (!pod) throw notFound('pods', name);
    precondition(pod.meta, resourceVersion, 'pods');
    pod.meta = {
      ...pod.meta,
      annotations: mergeAnnotations(pod.meta.annotations, annotations),
      resourceVersion: this.cluster.nextRv(),
    };
    this.cluster.emit({ type: 'upsert', object: pod });
    this.wrote();
    return structuredClone(pod);
  }

  async getCronJob(namespace: string, name: string) {
    this.begin('getCronJob', 'get', 'cronjobs');
    const cronJob = this.cluster.cronJobs.get(key(namespace, 'CronJob', name));
    return cronJob ? structuredClone(cronJob) : null;
  }

  async patchCronJob(namespace: string, name: string, patch: CronJobPatch) {
    this.begin('patchCronJob', 'patch', 'cronjobs');
    const cronJob = this.cluster.cronJobs.get(key(namespace, 'CronJob', name));
    if (!cronJob) throw notFound('cronjobs', name);
    precondition(cronJob.meta, patch.resourceVersion, 'cronjobs');
    cronJob.suspend = patch.suspend;
    cronJob.meta = {
      ...cronJob.meta,
      annotations: mergeAnnotations(cronJob.meta.annotations, patch.annotations),
      resourceVersion: this.cluster.nextRv(),
    };
    this.cluster.emit({ type: 'upsert', object: cronJob });
    this.wrote();
    return structuredClone(cronJob);
  }

  async createEvent(event: EventSpec) {
    this.begin('createEvent', 'create', 'events');
    refuseIfTerminating(this.cluster, 'events', event.reason, event.namespace);
    this.cluster.events.push(structuredClone(event));
    this.wrote();
  }

  async listScaledObjects(namespace: string) {
    this.begin('listScaledObjects', 'list', 'scaledobjects');
    return [...this.cluster.scaledObjects.values()]
      .filter((so) => so.namespace === namespace)
      .map((so) => structuredClone(so));
  }

  async annotateScaledObject(
    namespace: string,
    name: string,
    annotations: AnnotationPatch,
    resourceVersion?: string,
  ) {
    this.begin('annotateScaledObject', 'patch', 'scaledobjects');
    const so = this.cluster.scaledObjects.get(key(namespace, 'ScaledObject', name));
    if (!so) throw notFound('scaledobjects', name);
    if (resourceVersion !== undefined && resourceVersion !== so.resourceVersion) {
      throw conflict('scaledobjects', name);
    }
    so.annotations = mergeAnnotations(so.annotations, annotations);
    so.resourceVersion = this.cluster.nextRv();
    this.wrote();
    return structuredClone(so);
  }

  async listReconcilers(kind: ReconcilerKind) {
    this.begin('listReconcilers', 'list', gitOpsPlural(kind));
    this.gitOpsGate(kind);
    if (!this.cluster.gitOpsKinds.has(kind)) return null;
    return [...this.cluster.reconcilers.values()]
      .filter((r) => r.ref.kind === kind)
      .map((r) => structuredClone(r));
  }

  async getReconciler(ref: ReconcilerRef) {
    this.begin('getReconciler', 'get', gitOpsPlural(ref.kind));
    this.gitOpsGate(ref.kind);
    if (!this.cluster.gitOpsKinds.has(ref.kind)) throw notFound(gitOpsPlural(ref.kind), ref.name);
    const found = this.cluster.reconcilers.get(reconcilerKey(ref));
    return found ? structuredClone(found) : null;
  }

  async patchReconciler(ref: ReconcilerRef, patch: ReconcilerPatch, resourceVersion?: string) {
    this.begin('patchReconciler', 'patch', gitOpsPlural(ref.kind));
    this.gitOpsGate(ref.kind);
    const found = this.cluster.gitOpsKinds.has(ref.kind)
      ? this.cluster.reconcilers.get(reconcilerKey(ref))
      : undefined;
    if (!found) throw notFound(gitOpsPlural(ref.kind), ref.name);
    if (resourceVersion !== undefined && resourceVersion !== found.resourceVersion) {
      throw conflict(gitOpsPlural(ref.kind), ref.name);
    }
    applyReconcilerPatch(found, patch);
    found.resourceVersion = this.cluster.nextRv();
    this.cluster.gitOps.changed();
    this.wrote();
    return structuredClone(found);
  }

  async getLease(namespace: string, name: string) {
    this.begin('getLease', 'get', 'leases');
    const lease = this.cluster.leases.get(key(namespace, 'Lease', name));
    return lease ? structuredClone(lease) : null;
  }

  async createLease(lease: LeaseObject) {
    this.begin('createLease', 'create', 'leases');
    const k = key(lease.namespace, 'Lease', lease.name);
    if (this.cluster.leases.has(k)) {
      throw new KubeError(`leases "${lease.name}" already exists`, 409, 'AlreadyExists');
    }
    const stored = { ...lease, resourceVersion: this.cluster.nextRv() };
    this.cluster.leases.set(k, stored);
    this.wrote();
    return structuredClone(stored);
  }

  async replaceLease(lease: LeaseObject) {
    this.begin('replaceLease', 'update', 'leases');
    const k = key(lease.namespace, 'Lease', lease.name);
    const current = this.cluster.leases.get(k);
    if (!current) throw notFound('leases', lease.name);
    if (current.resourceVersion !== lease.resourceVersion) throw conflict('leases', lease.name);
    const stored = { ...lease, resourceVersion: this.cluster.nextRv() };
    this.cluster.leases.set(k, stored);
    this.wrote();
    return structuredClone(stored);
  }

  private begin(operation: Operation, verb: RequestRecord['verb'], resource: string) {
    if (this.crashed) throw new CrashedError();
    this.requests.push({ verb, resource });
    const failure = this.failures.find(
      (f) => f.left > 0 && (f.operation === operation || f.operation === '*'),
    );
    if (failure) {
      failure.left -= 1;
      throw new KubeError(`injected ${failure.status} on ${operation}`, failure.status);
    }
  }

  /** RBAC without the GitOps rules answers 403 for those kinds, served or not. */
  private gitOpsGate(kind: ReconcilerKind) {
    const status = this.cluster.gitOpsStatus;
    if (status === undefined) return;
    throw new KubeError(
      `${gitOpsPlural(kind)} is forbidden: User "system:serviceaccount:curfew-system:curfew-agent" cannot access it`,
      status,
      status === 403 ? 'Forbidden' : '',
    );
  }

  private wrote() {
    this.writesUntilCrash -= 1;
    if (this.writesUntilCrash <= 0) this.crashed = true;
  }
}

function plural(kind: WorkloadKind): string {
  return kind === 'Deployment' ? 'deployments' : 'statefulsets';
}

function gitOpsPlural(kind: ReconcilerKind): string {
  return kind === 'Application' ? 'applications' : `${kind.toLowerCase()}s`;
}

/** A JSON merge patch of the two spec fields Curfew writes (`null` removes one). */
export function applyReconcilerPatch(target: ReconcilerObject, patch: ReconcilerPatch) {
  target.annotations = mergeAnnotations(target.annotations, patch.annotations);
  const spec = patch.spec as { suspend?: boolean | null; syncPolicy?: { automated?: unknown } };
  if ('suspend' in spec) {
    if (spec.suspend === null || spec.suspend === undefined) delete target.suspend;
    else target.suspend = spec.suspend;
  }
  if (spec.syncPolicy && 'automated' in spec.syncPolicy) {
    const automated = spec.syncPolicy.automated;
    if (automated === null || automated === undefined) delete target.automated;
    else target.automated = structuredClone(automated);
  }
}

function mergeAnnotations(current: Record<string, string>, patch: AnnotationPatch) {
  const next = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}

function precondition(meta: Meta, resourceVersion: string | undefined, resource: string) {
  if (resourceVersion !== undefined && resourceVersion !== meta.resourceVersion) {
    throw conflict(resource, meta.name);
  }
}

/** NamespaceLifecycle admission: no new content in a namespace being terminated. */
function refuseIfTerminating(cluster: ClusterState, resource: string, name: string, ns: string) {
  if (cluster.namespaces.get(ns)?.phase !== 'Terminating') return;
  throw new KubeError(
    `${resource} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
    403,
    'Forbidden',
  );
}

function notFound(resource: string, name: string) {
  return new KubeError(`${resource} "${name}" not found`, 404, 'NotFound');
}

function conflict(resource: string, name: string) {
  return new KubeError(
    `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    409,
    'Conflict',
  );
}

export function stripFake(object: WatchedObject): WatchedObject {
  if (object.kind !== 'Deployment' && object.kind !== 'StatefulSet') return object;
  const { kind, meta, replicas, readyReplicas, templateAnnotations } = object;
  return { kind, meta, replicas, readyReplicas, templateAnnotations: { ...templateAnnotations } };
}

export function key(namespace: string, kind: string, name: string): string {
  return `${namespace}/${kind}/${name}`;
}
