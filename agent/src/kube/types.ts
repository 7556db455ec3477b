/**
 * The agent's ONE narrow view of Kubernetes. Everything the agent does to a cluster goes
 * through `KubeApi`, so the same executor, scheduler and leader code runs against the real
 * API server (`RealKube`, over the agent's own HTTP client in `http/`) and against the in-memory
 * fake used by unit tests.
 *
 * Objects are reduced to the few fields Curfew reads: holding 20,000 full Pod objects in
 * memory would cost far more than the handful of numbers a decision needs.
 */

import type { ReconcilerKind, ReconcilerPatch, ReconcilerRef } from '@curfew/core';

export type WorkloadKind = 'Deployment' | 'StatefulSet';
export type WatchedKind = 'Namespace' | WorkloadKind | 'CronJob' | 'Pod';

export interface Meta {
  name: string;
  /** Empty for cluster-scoped objects (namespaces). */
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  resourceVersion: string;
  deleting: boolean;
}

export interface NamespaceObject {
  kind: 'Namespace';
  meta: Meta;
  phase: 'Active' | 'Terminating';
  /** Set once Kubernetes deletes the namespace (deletionTimestamp set or phase Terminating). */
  termination?: NamespaceTermination;
}

/** What the API says of a namespace being deleted, for "deleting" and "stuck terminating". */
export interface NamespaceTermination {
  /** metadata.deletionTimestamp, epoch ms (the server's clock); absent when not (yet) set. */
  deletionStartedAt?: number;
  /** spec.finalizers and metadata.finalizers of the namespace itself. */
  finalizers: string[];
  /** status.conditions the namespace controller writes while it removes the content. */
  conditions: { type: string; status: string; reason?: string; message?: string }[];
}

export interface WorkloadObject {
  kind: WorkloadKind;
  meta: Meta;
  replicas: number;
  readyReplicas: number;
  /**
   * The pod template's `curfew.dev/*` annotations, where the webhook stamps time bombs
   * (absent is the same as empty).
   */
  templateAnnotations?: Record<string, string>;
}

export interface CronJobObject {
  kind: 'CronJob';
  meta: Meta;
  suspend: boolean;
}

export interface PodObject {
  kind: 'Pod';
  meta: Meta;
  phase: string;
  ready: boolean;
  cpuMillis: number;
  memoryBytes: number;
  /** Has ownerReferences (a ReplicaSet's, a Job's): only bare Pods expire on their own. */
  owned?: boolean;
}

export type WatchedObject = NamespaceObject | WorkloadObject | CronJobObject | PodObject;

export interface WatchEvent {
  type: 'upsert' | 'delete';
  object: WatchedObject;
}

/** A KEDA ScaledObject: only its annotations matter (pausing is an annotation). */
export interface ScaledObjectRef {
  namespace: string;
  name: string;
  annotations: Record<string, string>;
  resourceVersion: string;
}

/**
 * A GitOps reconciler: an Argo CD Application or a Flux Kustomization/HelmRelease, reduced to
 * what pausing and restoring it reads.
 */
export interface ReconcilerObject {
  ref: ReconcilerRef;
  annotations: Record<string, string>;
  resourceVersion: string;
  /** Flux: `spec.suspend` (undefined when unset). */
  suspend?: boolean;
  /** Argo CD: `spec.syncPolicy.automated` (undefined when unset: no auto-sync). */
  automated?: unknown;
  /** The namespaces its spec and status say it applies to (core's reportedNamespaces). */
  reported: string[];
}

export interface LeaseObject {
  namespace: string;
  name: string;
  /** Empty when creating. Used as the optimistic-concurrency precondition on replace. */
  resourceVersion: string;
  holderIdentity: string;
  leaseDurationSeconds: number;
  /** Epoch ms (MicroTime on the wire). */
  acquireTime: number;
  renewTime: number;
  leaseTransitions: number;
}

/** A whole Pod manifest as the API server takes it (built by core's supportPodManifest). */
export interface PodManifest {
  metadata: { name: string; namespace: string } & Record<string, unknown>;
  [field: string]: unknown;
}

/** `null` removes the annotation (JSON merge patch semantics). */
export type AnnotationPatch = Record<string, string | null>;

export interface ScalePatch {
  replicas: number;
  annotations: AnnotationPatch;
  /** When set, the write fails with 409 if the object changed since it was read. */
  resourceVersion?: string;
}

/**
 * A merge patch of a workload's metadata and pod template annotations. Never its scale: replicas
 * change only through `scaleWorkload` (the actions' one scale write).
 */
export interface WorkloadPatch {
  annotations?: AnnotationPatch;
  /** `spec.template.metadata.annotations` (time bombs; changing them rolls the Pods). */
  templateAnnotations?: AnnotationPatch;
  resourceVersion?: string;
}

export interface CronJobPatch {
  suspend: boolean;
  annotations: AnnotationPatch;
  resourceVersion?: string;
}

export interface EventSpec {
  namespace: string;
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  /** Who acted, for `kubectl describe namespace`: reportingInstance. */
  instance: string;
}

export interface Watching {
  /** Resolves once every watched kind has been listed: the cache is complete. */
  synced: Promise<void>;
  stop(): Promise<void>;
}

export interface KubeApi {
  /**
   * Lists each watched kind once, then follows watches from the listed resourceVersion.
   * Never relists on a timer: only a 410 Gone (history expired) forces a new LIST.
   */
  watch(onEvent: (event: WatchEvent) => void): Watching;
  getNamespace(name: string): Promise<NamespaceObject | null>;
  annotateNamespace(
    name: string,
    annotations: AnnotationPatch,
    resourceVersion?: string,
  ): Promise<NamespaceObject>;
  deleteNamespace(name: string): Promise<void>;
  getWorkload(kind: WorkloadKind, namespace: string, name: string): Promise<WorkloadObject | null>;
  /**
   * One merge patch: `spec.replicas` and the annotations change atomically. The agent calls it
   * from one place only (actions/scale-write.ts).
   */
  scaleWorkload(
    kind: WorkloadKind,
    namespace: string,
    name: string,
    patch: ScalePatch,
  ): Promise<WorkloadObject>;
  /** Time bombs: warning records, a new validity; metadata only. */
  patchWorkload(
    kind: WorkloadKind,
    namespace: string,
    name: string,
    patch: WorkloadPatch,
  ): Promise<WorkloadObject>;
  /** Deletes an expired bare Pod; a Pod already gone is not an error (resolves false). */
  deletePod(namespace: string, name: string): Promise<boolean>;
  getPod(namespace: string, name: string): Promise<PodObject | null>;
  /**
   * Creates a Pod from a full manifest (support pods, in the agent's namespace only: that is
   * all the chart grants). A Pod of that name already there is a 409 AlreadyExists KubeError.
   */
  createPod(manifest: PodManifest): Promise<PodObject>;
  /**
   * A merge patch of a Pod's annotations (extending a bare Pod's time bomb). Pod metadata is
   * mutable even though its spec is not; the webhooks see a metadata-only UPDATE.
   */
  patchPodAnnotations(
    namespace: string,
    name: string,
    annotations: AnnotationPatch,
    resourceVersion?: string,
  ): Promise<PodObject>;
  getCronJob(namespace: string, name: string): Promise<CronJobObject | null>;
  patchCronJob(namespace: string, name: string, patch: CronJobPatch): Promise<CronJobObject>;
  createEvent(event: EventSpec): Promise<void>;
  /**
   * KEDA ScaledObjects in one namespace, read when acting on it (no informer: there are few,
   * and only suspend/resume care). Empty when KEDA is not installed.
   */
  listScaledObjects(namespace: string): Promise<ScaledObjectRef[]>;
  annotateScaledObject(
    namespace: string,
    name: string,
    annotations: AnnotationPatch,
    resourceVersion?: string,
  ): Promise<ScaledObjectRef>;
  /**
   * Every reconciler of one kind, cluster-wide, read when acting and by the sweep (no informer:
   * there are few, and only suspend, resume and the sweep care). `null` when the kind is not
   * served (its CRD is not installed); a 403 (RBAC without the GitOps rules) is a KubeError.
   */
  listReconcilers(kind: ReconcilerKind): Promise<ReconcilerObject[] | null>;
  getReconciler(ref: ReconcilerRef): Promise<ReconcilerObject | null>;
  /**
   * One merge patch of the reconciler's annotations and its few spec fields (`null` removes a
   * field): the pause and its record land together, and so do the restore and the record's removal.
   */
  patchReconciler(
    ref: ReconcilerRef,
    patch: ReconcilerPatch,
    resourceVersion?: string,
  ): Promise<ReconcilerObject>;
  getLease(namespace: string, name: string): Promise<LeaseObject | null>;
  createLease(lease: LeaseObject): Promise<LeaseObject>;
  replaceLease(lease: LeaseObject): Promise<LeaseObject>;
}

/** The field manager on every write, so `kubectl get -o yaml --show-managed-fields` names us. */
export const FIELD_MANAGER = 'curfew';
