import { create } from '@bufbuild/protobuf';
import { type Clock, isWorkloadExcluded } from '@curfew/core';
import type { WorkloadRef } from '@curfew/proto';
import { WorkloadRefSchema } from '@curfew/proto';
import type { ClusterCache } from '../kube/cache.js';

export interface ReadinessResult {
  ready: boolean;
  total: number;
  notReady: WorkloadRef[];
}

interface Waiter {
  namespace: string;
  resolve: (result: ReadinessResult | null) => void;
  cancel: () => void;
}

/**
 * "Resumed" is reported when the namespace is actually serving again, not when the scale
 * requests returned: waits (event-driven, on the informer cache) until every scaled-up workload
 * of the namespace has all its replicas ready — also those a previous agent restored before it
 * died — or the timeout passes, then reports which are not.
 */
export class ReadinessTracker {
  private readonly waiters = new Set<Waiter>();

  constructor(
    private readonly cache: ClusterCache,
    private readonly clock: Clock,
  ) {}

  /** Resolves with the result, or null when the wait was abandoned (leadership lost). */
  wait(namespace: string, timeoutMs: number): Promise<ReadinessResult | null> {
    return new Promise((resolve) => {
      const waiter: Waiter = { namespace, resolve, cancel: () => {} };
      waiter.cancel = this.clock.at(this.clock.now() + Math.max(0, timeoutMs), () =>
        this.finish(waiter),
      );
      this.waiters.add(waiter);
      this.check(namespace);
    });
  }

  /** Called on every cache change in `namespace`. */
  check(namespace: string): void {
    for (const waiter of this.waiters) {
      if (waiter.namespace === namespace && this.measure(namespace).notReady.length === 0) {
        this.finish(waiter);
      }
    }
  }

  /**
   * Abandons every wait (the agent is stopping or lost leadership): nothing is reported, the
   * report stays owed on the namespace for the next leader.
   */
  cancelAll(): void {
    for (const waiter of [...this.waiters]) {
      this.waiters.delete(waiter);
      waiter.cancel();
      waiter.resolve(null);
    }
  }

  private finish(waiter: Waiter): void {
    if (!this.waiters.delete(waiter)) return;
    waiter.cancel();
    waiter.resolve(this.measure(waiter.namespace));
  }

  private measure(namespace: string): ReadinessResult {
    const notReady: WorkloadRef[] = [];
    let total = 0;
    for (const w of this.cache.workloads(namespace)) {
      // Excluded workloads are not Curfew's to bring back; workloads at 0 have nothing to wait for.
      if (w.replicas === 0 || isWorkloadExcluded(w.meta.annotations)) continue;
      total += 1;
      if (w.readyReplicas < w.replicas) {
        notReady.push(
          create(WorkloadRefSchema, {
            kind: w.kind,
            name: w.meta.name,
            namespace,
            reason: `${w.readyReplicas}/${w.replicas} replicas ready`,
          }),
        );
      }
    }
    return { ready: notReady.length === 0, total, notReady };
  }
}
