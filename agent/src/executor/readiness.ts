import { create } from '@bufbuild/protobuf';
import type { Clock } from '@curfew/core';
import type { WorkloadRef } from '@curfew/proto';
import { WorkloadRefSchema } from '@curfew/proto';
import type { ClusterCache } from '../kube/cache.js';
import type { WorkloadKind } from '../kube/types.js';

/**
 * Reports a resumed namespace to its owner once its workloads are ready (or which are not).
 * The reconciler does it; commands only need this much of it.
 */
export interface ReadinessReporter {
  reportReadiness(
    name: string,
    restored: { kind: 'Deployment' | 'StatefulSet'; name: string }[],
    actor: string,
    commandId: string,
    onDone?: (result: ReadinessResult) => void,
  ): void;
}

export interface ReadinessResult {
  ready: boolean;
  total: number;
  notReady: WorkloadRef[];
}

interface Waiter {
  namespace: string;
  workloads: { kind: WorkloadKind; name: string }[];
  resolve: (result: ReadinessResult) => void;
  cancel: () => void;
}

/**
 * "Resumed" is reported when the workloads are actually serving again, not when the scale
 * request returned: waits (event-driven, on the informer cache) until every restored
 * workload has all replicas ready, or the timeout passes — then reports which are not.
 */
export class ReadinessTracker {
  private readonly waiters = new Set<Waiter>();

  constructor(
    private readonly cache: ClusterCache,
    private readonly clock: Clock,
  ) {}

  wait(
    namespace: string,
    workloads: { kind: WorkloadKind; name: string }[],
    timeoutMs: number,
  ): Promise<ReadinessResult> {
    return new Promise((resolve) => {
      const waiter: Waiter = { namespace, workloads, resolve, cancel: () => {} };
      waiter.cancel = this.clock.at(this.clock.now() + timeoutMs, () => this.finish(waiter));
      this.waiters.add(waiter);
      this.check(namespace);
    });
  }

  /** Called on every cache change in `namespace`. */
  check(namespace: string): void {
    for (const waiter of this.waiters) {
      if (waiter.namespace === namespace && this.notReady(waiter).length === 0) this.finish(waiter);
    }
  }

  /** Ends every wait now (agent shutting down or losing leadership). */
  cancelAll(): void {
    for (const waiter of [...this.waiters]) this.finish(waiter);
  }

  private finish(waiter: Waiter): void {
    if (!this.waiters.delete(waiter)) return;
    waiter.cancel();
    const notReady = this.notReady(waiter);
    waiter.resolve({ ready: notReady.length === 0, total: waiter.workloads.length, notReady });
  }

  private notReady(waiter: Waiter): WorkloadRef[] {
    const out: WorkloadRef[] = [];
    for (const { kind, name } of waiter.workloads) {
      const w = this.cache.workload(kind, waiter.namespace, name);
      if (!w) continue;
      if (w.readyReplicas < w.replicas) {
        out.push(
          create(WorkloadRefSchema, {
            kind,
            name,
            namespace: waiter.namespace,
            reason: `${w.readyReplicas}/${w.replicas} replicas ready`,
          }),
        );
      }
    }
    return out;
  }
}
