import type { ReconcilerRef } from '@curfew/core';
import type { WorkloadKind } from '../../src/kube/types.js';
import type { ClusterDriver, ReconcilerView } from './cluster-driver.js';
import { FakeCluster } from './fake-cluster.js';
import type { GitWorkload } from './fake-gitops.js';
import type { FakeKube } from './fake-kube.js';

const ACTION_READS = new Set(['scaledobjects', 'applications', 'kustomizations', 'helmreleases']);

export class FakeDriver implements ClusterDriver {
  readonly name = 'fake cluster';
  readonly cluster = new FakeCluster();
  readonly connections: FakeKube[] = [];

  constructor() {
    // What every API server starts with.
    for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      this.cluster.addNamespace(name);
    }
  }

  connect() {
    const kube = this.cluster.connect();
    this.connections.push(kube);
    return kube;
  }

  async addNamespace(name: string, labels = {}, annotations = {}) {
    this.cluster.addNamespace(name, labels, annotations);
  }

  async addWorkload(
    kind: WorkloadKind,
    namespace: string,
    name: string,
    replicas: number,
    annotations = {},
    templateAnnotations = {},
  ) {
    this.cluster.addWorkload(kind, namespace, name, replicas, { annotations, templateAnnotations });
  }

  async holdDeletion(namespace: string, finalizer: string) {
    this.cluster.held.set(namespace, finalizer);
  }

  async releaseDeletion(namespace: string) {
    this.cluster.release(namespace);
  }

  async addPod(namespace: string, name: string, annotations: Record<string, string>) {
    this.cluster.addPod(namespace, name, annotations);
  }

  async pod(namespace: string, name: string) {
    const pod = this.cluster.pods.get(`${namespace}/Pod/${name}`);
    return pod ? { ...pod.meta.annotations } : undefined;
  }

  async templateAnnotations(kind: WorkloadKind, namespace: string, name: string) {
    return { ...this.cluster.workload(kind, namespace, name)?.templateAnnotations };
  }

  async addCronJob(namespace: string, name: string, suspend: boolean) {
    this.cluster.addCronJob(namespace, name, suspend);
  }

  async addScaledObject(namespace: string, name: string, _target: string, annotations = {}) {
    this.cluster.addScaledObject(namespace, name, annotations);
  }

  async scaledObjectAnnotations(namespace: string, name: string) {
    return { ...this.cluster.scaledObjects.get(`${namespace}/ScaledObject/${name}`)?.annotations };
  }

  async scaleByHand(kind: WorkloadKind, namespace: string, name: string, replicas: number) {
    this.cluster.scaleByHand(kind, namespace, name, replicas);
  }

  async workload(kind: WorkloadKind, namespace: string, name: string) {
    const w = this.cluster.workload(kind, namespace, name);
    if (!w) throw new Error(`no ${kind} ${namespace}/${name}`);
    return { replicas: w.replicas, annotations: { ...w.meta.annotations } };
  }

  async cronJob(namespace: string, name: string) {
    const c = this.cluster.cronJobs.get(`${namespace}/CronJob/${name}`);
    if (!c) throw new Error(`no CronJob ${namespace}/${name}`);
    return { suspend: c.suspend, annotations: { ...c.meta.annotations } };
  }

  async namespaceAnnotations(name: string) {
    return { ...this.cluster.namespaces.get(name)?.meta.annotations };
  }

  async addGitOps(
    ref: ReconcilerRef,
    fields: { automated?: unknown; suspend?: boolean },
    workloads: readonly GitWorkload[],
  ) {
    this.cluster.addGitOps(ref, fields, workloads);
  }

  async reconciler(ref: ReconcilerRef): Promise<ReconcilerView> {
    const r = this.cluster.reconciler(ref);
    if (!r) throw new Error(`no ${ref.kind} ${ref.namespace}/${ref.name}`);
    return structuredClone({
      annotations: r.annotations,
      automated: r.automated,
      suspend: r.suspend,
    });
  }

  gitOpsReverts() {
    return this.cluster.gitOps.reverts.length;
  }

  async eventReasons(namespace: string) {
    return this.cluster.events.filter((e) => e.namespace === namespace).map((e) => e.reason);
  }

  namespaceDeletes() {
    return this.connections
      .flatMap((c) => c.requests)
      .filter((r) => r.verb === 'delete' && r.resource === 'namespaces').length;
  }

  listCount() {
    // Informer LISTs only; a suspend's read of KEDA ScaledObjects or GitOps reconcilers is an
    // action.
    return this.connections
      .flatMap((c) => c.requests)
      .filter((r) => r.verb === 'list' && !ACTION_READS.has(r.resource)).length;
  }

  async stop() {}
}
