import { type ReconcilerKind, type ReconcilerRef, reconcilerKey } from '@curfew/core';
import type {
  CronJobObject,
  EventSpec,
  LeaseObject,
  Meta,
  NamespaceObject,
  PodObject,
  ReconcilerObject,
  ScaledObjectRef,
  WatchEvent,
  WatchedObject,
  WorkloadKind,
  WorkloadObject,
} from '../../src/kube/types.js';
import { FakeGitOps, type GitWorkload, trackingLabels } from './fake-gitops.js';
import { FakeKube, key, stripFake } from './fake-kube.js';

/**
 * An in-memory cluster for unit tests of everything above `KubeApi`. It keeps the API
 * server's contract where Curfew relies on it: a global resourceVersion, 409 on a stale
 * precondition, merge-patch annotation semantics, watch events after every write, and a
 * tiny "controller" that turns replicas into Running pods. Each `connect()` is one agent's
 * connection, with its own fault injection and request log, so a test can crash one agent
 * and start a fresh one on the same cluster.
 */
export class FakeCluster {
  private rv = 0;
  readonly namespaces = new Map<string, NamespaceObject>();
  readonly workloads = new Map<
    string,
    WorkloadObject & { podCpuMillis: number; podMemory: number }
  >();
  readonly cronJobs = new Map<string, CronJobObject>();
  readonly pods = new Map<string, PodObject>();
  readonly leases = new Map<string, LeaseObject>();
  readonly scaledObjects = new Map<string, ScaledObjectRef>();
  readonly reconcilers = new Map<string, ReconcilerObject>();
  /** The GitOps kinds whose CRDs are "installed" (none by default, as on most clusters). */
  readonly gitOpsKinds = new Set<ReconcilerKind>();
  gitOpsStatus: number | undefined;
  /** The Argo CD / Flux controllers: revert a scale of what Git declares while active. */
  readonly gitOps = new FakeGitOps(this);
  readonly events: EventSpec[] = [];
  /** Workloads whose pods never become ready (e.g. ImagePullBackOff). */
  readonly notReady = new Set<string>();
  /** Namespaces holding an object whose finalizer nobody removes: their deletion hangs. */
  readonly held = new Map<string, string>();
  private readonly watchers = new Set<(event: WatchEvent) => void>();

  connect(): FakeKube {
    return new FakeKube(this);
  }

  nextRv(): string {
    this.rv += 1;
    return String(this.rv);
  }

  meta(name: string, namespace: string, extra: Partial<Meta> = {}): Meta {
    return {
      name,
      namespace,
      labels: {},
      annotations: {},
      resourceVersion: this.nextRv(),
      deleting: false,
      ...extra,
    };
  }

  addNamespace(name: string, labels: Record<string, string> = {}, annotations = {}) {
    const ns: NamespaceObject = {
      kind: 'Namespace',
      meta: this.meta(name, '', { labels, annotations }),
      phase: 'Active',
    };
    this.namespaces.set(name, ns);
    this.emit({ type: 'upsert', object: ns });
    return ns;
  }

  addWorkload(
    kind: WorkloadKind,
    namespace: string,
    name: string,
    replicas: number,
    options: {
      annotations?: Record<string, string>;
      labels?: Record<string, string>;
      templateAnnotations?: Record<string, string>;
      cpuMillis?: number;
      memory?: number;
    } = {},
  ) {
    const workload = {
      kind,
      meta: this.meta(name, namespace, {
        annotations: { ...options.annotations },
        labels: { ...options.labels },
      }),
      replicas,
      readyReplicas: 0,
      templateAnnotations: { ...options.templateAnnotations },
      podCpuMillis: options.cpuMillis ?? 100,
      podMemory: options.memory ?? 128 * 2 ** 20,
    };
    this.workloads.set(key(namespace, kind, name), workload);
    this.reconcile(workload);
    return workload;
  }

  /** A Pod without an owner (`kubectl run`), e.g. carrying its own time bomb. */
  addPod(namespace: string, name: string, annotations: Record<string, string> = {}) {
    const pod: PodObject = {
      kind: 'Pod',
      meta: this.meta(name, namespace, { annotations: { ...annotations } }),
      phase: 'Running',
      ready: true,
      cpuMillis: 100,
      memoryBytes: 128 * 2 ** 20,
      owned: false,
    };
    this.pods.set(key(namespace, 'Pod', name), pod);
    this.emit({ type: 'upsert', object: pod });
    return pod;
  }

  addScaledObject(namespace: string, name: string, annotations: Record<string, string> = {}) {
    const so: ScaledObjectRef = { namespace, name, annotations, resourceVersion: this.nextRv() };
    this.scaledObjects.set(key(namespace, 'ScaledObject', name), so);
    return so;
  }

  /**
   * An Argo CD Application (`automated`: its `spec.syncPolicy.automated`) or a Flux
   * Kustomization/HelmRelease (`suspend`); its CRD counts as installed from now on.
   */
  addReconciler(
    ref: ReconcilerRef,
    fields: { automated?: unknown; suspend?: boolean; reported?: string[] } = {},
    annotations: Record<string, string> = {},
  ) {
    this.gitOpsKinds.add(ref.kind);
    const object: ReconcilerObject = {
      ref: { ...ref },
      annotations: { ...annotations },
      resourceVersion: this.nextRv(),
      reported: [...(fields.reported ?? [])],
      ...(fields.automated !== undefined ? { automated: structuredClone(fields.automated) } : {}),
      ...(fields.suspend !== undefined ? { suspend: fields.suspend } : {}),
    };
    this.reconcilers.set(reconcilerKey(ref), object);
    return object;
  }

  /**
   * A reconciler and what Git holds for it: its Deployments are created with the labels the
   * controller stamps, and from now on a scale of them is put back while it is active.
   */
  addGitOps(
    ref: ReconcilerRef,
    fields: { automated?: unknown; suspend?: boolean },
    workloads: readonly GitWorkload[],
  ) {
    this.addReconciler(ref, {
      ...fields,
      reported: [...new Set(workloads.map((w) => w.namespace))],
    });
    for (const w of workloads) {
      this.addWorkload('Deployment', w.namespace, w.name, w.replicas, {
        labels: trackingLabels(ref),
      });
    }
    this.gitOps.declare(ref, workloads);
  }

  /** A controller's write of a Deployment's replicas. */
  setReplicas(namespace: string, name: string, replicas: number) {
    const workload = this.workloads.get(key(namespace, 'Deployment', name));
    if (!workload) return;
    workload.replicas = replicas;
    workload.meta = { ...workload.meta, resourceVersion: this.nextRv() };
    this.reconcile(workload);
  }

  reconciler(ref: ReconcilerRef) {
    return this.reconcilers.get(reconcilerKey(ref));
  }

  addCronJob(namespace: string, name: string, suspend = false) {
    const cronJob: CronJobObject = { kind: 'CronJob', meta: this.meta(name, namespace), suspend };
    this.cronJobs.set(key(namespace, 'CronJob', name), cronJob);
    this.emit({ type: 'upsert', object: cronJob });
    return cronJob;
  }

  /** What `kubectl scale` by a person (or a GitOps sync) does. */
  scaleByHand(kind: WorkloadKind, namespace: string, name: string, replicas: number) {
    const workload = this.workloads.get(key(namespace, kind, name));
    if (!workload) throw new Error(`no ${kind} ${namespace}/${name}`);
    workload.replicas = replicas;
    workload.meta = { ...workload.meta, resourceVersion: this.nextRv() };
    this.reconcile(workload);
    this.gitOps.changed();
  }

  workload(kind: WorkloadKind, namespace: string, name: string) {
    return this.workloads.get(key(namespace, kind, name));
  }

  subscribe(handler: (event: WatchEvent) => void): () => void {
    this.watchers.add(handler);
    return () => this.watchers.delete(handler);
  }

  emit(event: WatchEvent) {
    // A snapshot, so later in-place changes don't leak into an event already "on the wire".
    const object = structuredClone(stripFake(event.object));
    for (const watcher of this.watchers) setImmediate(() => watcher({ type: event.type, object }));
  }

  /**
   * A namespace DELETE: the namespace is Terminating at once (deletionTimestamp set), then
   * the namespace controller deletes its content and, once nothing is left, the namespace goes.
   * Each step is a later tick, as on a real cluster where each is a separate write.
   */
  beginTermination(name: string) {
    const ns = this.namespaces.get(name);
    if (!ns || ns.phase === 'Terminating') return;
    ns.phase = 'Terminating';
    ns.meta = { ...ns.meta, deleting: true, resourceVersion: this.nextRv() };
    // The registry adds the `kubernetes` spec finalizer; the controller removes it last.
    ns.termination = { deletionStartedAt: Date.now(), finalizers: ['kubernetes'], conditions: [] };
    this.emit({ type: 'upsert', object: ns });
    setImmediate(() => this.deleteContent(name));
  }

  /** Removes the finalizer that held the namespace: its deletion finishes. */
  release(namespace: string) {
    if (!this.held.delete(namespace)) return;
    if (this.namespaces.get(namespace)?.phase === 'Terminating') {
      setImmediate(() => this.deleteContent(namespace));
    }
  }

  private deleteContent(namespace: string) {
    const inNamespace = (k: string) => k.startsWith(`${namespace}/`);
    for (const map of [this.workloads, this.cronJobs, this.pods] as Map<string, WatchedObject>[]) {
      for (const [k, object] of [...map]) {
        if (!inNamespace(k)) continue;
        map.delete(k);
        this.emit({ type: 'delete', object });
      }
    }
    for (const map of [this.scaledObjects, this.leases] as Map<string, unknown>[])
      for (const k of [...map.keys()]) if (inNamespace(k)) map.delete(k);
    const finalizer = this.held.get(namespace);
    const ns = this.namespaces.get(namespace);
    if (finalizer && ns?.termination) {
      // What pkg/controller/namespace writes while finalized content remains.
      ns.termination.conditions = [
        {
          type: 'NamespaceContentRemaining',
          status: 'True',
          reason: 'SomeResourcesRemain',
          message: 'Some resources are remaining: configmaps. has 1 resource instances',
        },
        {
          type: 'NamespaceFinalizersRemaining',
          status: 'True',
          reason: 'SomeFinalizersRemain',
          message: `Some content in the namespace has finalizers remaining: ${finalizer} in 1 resource instances`,
        },
      ];
      ns.meta = { ...ns.meta, resourceVersion: this.nextRv() };
      this.emit({ type: 'upsert', object: ns });
      return;
    }
    setImmediate(() => {
      const ns = this.namespaces.get(namespace);
      if (!ns) return;
      this.namespaces.delete(namespace);
      this.emit({ type: 'delete', object: ns });
    });
  }

  /** The Deployment/StatefulSet controller and kubelet in one step: pods follow replicas. */
  reconcile(workload: WorkloadObject & { podCpuMillis: number; podMemory: number }) {
    const { namespace, name } = workload.meta;
    const ready = !this.notReady.has(`${namespace}/${name}`);
    // A terminating namespace takes no new pods (the ReplicaSet controller gets a 403).
    const terminating = this.namespaces.get(namespace)?.phase === 'Terminating';
    for (let i = 0; ; i += 1) {
      const podKey = key(namespace, 'Pod', `${name}-${i}`);
      const pod = this.pods.get(podKey);
      if (i >= workload.replicas) {
        if (!pod) break;
        this.pods.delete(podKey);
        this.emit({ type: 'delete', object: pod });
        continue;
      }
      if (pod || terminating) continue;
      const created: PodObject = {
        kind: 'Pod',
        // Pods inherit the template's annotations (time bombs included), as in a real cluster.
        meta: this.meta(`${name}-${i}`, namespace, {
          annotations: { ...workload.templateAnnotations },
        }),
        owned: true,
        phase: ready ? 'Running' : 'Pending',
        ready,
        cpuMillis: workload.podCpuMillis,
        memoryBytes: workload.podMemory,
      };
      this.pods.set(podKey, created);
      this.emit({ type: 'upsert', object: created });
    }
    workload.readyReplicas = ready ? workload.replicas : 0;
    this.emit({ type: 'upsert', object: workload });
  }

  snapshot(): WatchedObject[] {
    return [
      ...this.namespaces.values(),
      ...this.workloads.values(),
      ...this.cronJobs.values(),
      ...this.pods.values(),
    ].map((object) => structuredClone(stripFake(object)));
  }
}
