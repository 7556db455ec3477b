import type { ReconcilerRef } from '@curfew/core';
import type { KubeApi, WorkloadKind } from '../../src/kube/types.js';
import type { GitWorkload } from './fake-gitops.js';

/** A GitOps reconciler as a test compares it: the fields Curfew may change. */
export interface ReconcilerView {
  annotations: Record<string, string>;
  /** Argo CD `spec.syncPolicy.automated`; undefined when unset. */
  automated?: unknown;
  /** Flux `spec.suspend`; undefined when unset. */
  suspend?: boolean;
}

/**
 * What a scenario test needs from "a cluster", so the same scenarios run against the
 * in-memory FakeCluster and against kube-sim (a real API server over HTTP).
 */
export interface ClusterDriver {
  readonly name: string;
  /** A new agent's connection (each agent gets its own, so one can crash alone). */
  connect(): KubeApi;
  addNamespace(
    name: string,
    labels?: Record<string, string>,
    annotations?: Record<string, string>,
  ): Promise<void>;
  addWorkload(
    kind: WorkloadKind,
    namespace: string,
    name: string,
    replicas: number,
    annotations?: Record<string, string>,
    /** The pod template's annotations (time bombs). */
    templateAnnotations?: Record<string, string>,
  ): Promise<void>;
  /** A bare Pod (`kubectl run`), e.g. carrying its own time bomb. */
  addPod(namespace: string, name: string, annotations: Record<string, string>): Promise<void>;
  /** A Pod's annotations, or undefined when it does not exist. */
  pod(namespace: string, name: string): Promise<Record<string, string> | undefined>;
  /** The pod template's annotations of a workload. */
  templateAnnotations(
    kind: WorkloadKind,
    namespace: string,
    name: string,
  ): Promise<Record<string, string>>;
  addCronJob(namespace: string, name: string, suspend: boolean): Promise<void>;
  /** A KEDA ScaledObject targeting `target`. */
  addScaledObject(
    namespace: string,
    name: string,
    target: string,
    annotations?: Record<string, string>,
  ): Promise<void>;
  scaledObjectAnnotations(namespace: string, name: string): Promise<Record<string, string>>;
  /** `kubectl scale` by a person or a GitOps tool. */
  scaleByHand(kind: WorkloadKind, namespace: string, name: string, replicas: number): Promise<void>;
  workload(
    kind: WorkloadKind,
    namespace: string,
    name: string,
  ): Promise<{ replicas: number; annotations: Record<string, string> }>;
  cronJob(
    namespace: string,
    name: string,
  ): Promise<{ suspend: boolean; annotations: Record<string, string> }>;
  namespaceAnnotations(name: string): Promise<Record<string, string>>;
  /**
   * Puts an object with `finalizer` (which no controller removes) in the namespace, so that
   * deleting the namespace hangs in Terminating, as a finalizer whose controller is gone does.
   */
  holdDeletion(namespace: string, finalizer: string): Promise<void>;
  /** Removes that finalizer: the namespace controller finishes the deletion. */
  releaseDeletion(namespace: string): Promise<void>;
  /**
   * GitOps: a reconciler (an Argo CD Application with `automated`, a Flux Kustomization or
   * HelmRelease with `suspend`; its CRD installed first) and the Deployments Git holds for it,
   * created labelled as its controller labels them. From then on a scale of them is put back
   * while the reconciler is active (kube-sim: its simulated Argo CD/Flux; the fake: fake-gitops.ts).
   */
  addGitOps(
    ref: ReconcilerRef,
    fields: { automated?: unknown; suspend?: boolean },
    workloads: readonly GitWorkload[],
  ): Promise<void>;
  reconciler(ref: ReconcilerRef): Promise<ReconcilerView>;
  /** How many scale changes the GitOps controllers have put back so far. */
  gitOpsReverts(): number;
  /** Reasons of Events recorded on the namespace. */
  eventReasons(namespace: string): Promise<string[]>;
  /** Namespace DELETE requests the API server has answered so far (any namespace). */
  namespaceDeletes(): number;
  /** Full LIST requests the API server has answered so far. */
  listCount(): number;
  stop(): Promise<void>;
}
