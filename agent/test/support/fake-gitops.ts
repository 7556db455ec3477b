import type { ReconcilerRef } from '@curfew/core';
import { reconcilerKey } from '@curfew/core';
import type { ReconcilerObject } from '../../src/kube/types.js';

/** A Deployment as "Git" declares it for a reconciler. */
export interface GitWorkload {
  namespace: string;
  name: string;
  replicas: number;
}

export interface FakeRevert {
  by: string;
  namespace: string;
  name: string;
  from: number;
  to: number;
}

/** What the fake GitOps controllers need of the cluster (FakeCluster). */
export interface GitOpsHost {
  readonly reconcilers: Map<string, ReconcilerObject>;
  workload(
    kind: 'Deployment',
    namespace: string,
    name: string,
  ): { replicas: number; meta: { resourceVersion: string } } | undefined;
  /** Sets a Deployment's replicas as a controller's write would (a new resourceVersion, pods). */
  setReplicas(namespace: string, name: string, replicas: number): void;
}

/** The labels Argo CD and Flux stamp on what they apply (what Curfew detects managers from). */
export function trackingLabels(ref: ReconcilerRef): Record<string, string> {
  if (ref.kind === 'Application') {
    return {
      'argocd.argoproj.io/instance':
        ref.namespace === 'argocd' ? ref.name : `${ref.namespace}_${ref.name}`,
    };
  }
  const prefix = ref.kind === 'Kustomization' ? 'kustomize' : 'helm';
  return {
    [`${prefix}.toolkit.fluxcd.io/name`]: ref.name,
    [`${prefix}.toolkit.fluxcd.io/namespace`]: ref.namespace,
  };
}

/** Argo CD self-heal, or Flux not suspended: a scale of what it applied is put back. */
export function isReconciling(object: ReconcilerObject): boolean {
  if (object.ref.kind !== 'Application') return object.suspend !== true;
  if (object.annotations['argocd.argoproj.io/skip-reconcile'] === 'true') return false;
  const automated = object.automated as { selfHeal?: unknown; enabled?: unknown } | undefined;
  return automated !== undefined && automated.enabled !== false && automated.selfHeal === true;
}

/**
 * The in-memory twin of kube-sim's simulated GitOps reconciler: after any write, a reconciler
 * that is active puts the replicas of what Git declares for it back (a tick later, as a
 * controller reacting to a watch event would), so a suspend that forgets to pause it is undone
 * on the fake cluster too.
 */
export class FakeGitOps {
  readonly reverts: FakeRevert[] = [];
  private readonly git = new Map<string, { ref: ReconcilerRef; workload: GitWorkload }>();
  private scheduled = false;

  constructor(private readonly host: GitOpsHost) {}

  declare(ref: ReconcilerRef, workloads: readonly GitWorkload[]): void {
    for (const w of workloads) this.git.set(`${w.namespace}/${w.name}`, { ref, workload: w });
  }

  /** Something was written: the controllers look again on the next tick. */
  changed(): void {
    if (this.scheduled || this.git.size === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.sync();
    });
  }

  private sync(): void {
    for (const { ref, workload: w } of this.git.values()) {
      const object = this.host.reconcilers.get(reconcilerKey(ref));
      if (!object || !isReconciling(object)) continue;
      const live = this.host.workload('Deployment', w.namespace, w.name);
      if (!live || live.replicas === w.replicas) continue;
      this.reverts.push({
        by: reconcilerKey(ref),
        namespace: w.namespace,
        name: w.name,
        from: live.replicas,
        to: w.replicas,
      });
      this.host.setReplicas(w.namespace, w.name, w.replicas);
    }
  }
}
