import { type Clock, type TerminationReport, terminationReport } from '@curfew/core';
import type { ClusterCache } from '../kube/cache.js';

interface Waiter {
  namespace: string;
  startedAt: number;
  stuckAfterMs: number;
  resolve: (report: TerminationReport | null) => void;
  cancel: () => void;
}

/**
 * "Deleted" is reported when the namespace is really gone, not when the DELETE returned: a real
 * apiserver answers the DELETE at once and leaves the namespace Terminating while the namespace
 * controller removes its content, and a finalizer whose controller is gone holds it forever.
 * Waits (event-driven, on the informer cache) until the namespace leaves the cache, or reports
 * it stuck with what holds it once `stuckAfterMs` has passed.
 *
 * The timeout runs on the agent's own clock from when the wait began, not from the server's
 * deletionTimestamp: the two clocks may disagree, and a wait resumed after a restart then still
 * gives Kubernetes the whole time.
 */
export class TerminationTracker {
  private readonly waiters = new Set<Waiter>();

  constructor(
    private readonly cache: ClusterCache,
    private readonly clock: Clock,
  ) {}

  /** Resolves with `deleted` or `stuck`, or null when the wait was abandoned (agent stopping). */
  wait(namespace: string, stuckAfterMs: number): Promise<TerminationReport | null> {
    return new Promise((resolve) => {
      const startedAt = this.clock.now();
      const waiter: Waiter = { namespace, startedAt, stuckAfterMs, resolve, cancel: () => {} };
      waiter.cancel = this.clock.at(startedAt + stuckAfterMs, () => this.finish(waiter));
      this.waiters.add(waiter);
      this.check(namespace);
    });
  }

  /** Called on every cache change in `namespace` (its own deletion included). */
  check(namespace: string): void {
    if (this.cache.namespace(namespace)) return;
    for (const waiter of this.waiters) if (waiter.namespace === namespace) this.finish(waiter);
  }

  /** Abandons every wait: the next agent finds the namespace terminating and waits again. */
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
    const ns = this.cache.namespace(waiter.namespace);
    const obs = ns && {
      finalizers: ns.termination?.finalizers ?? [],
      conditions: ns.termination?.conditions ?? [],
      deletionStartedAt: waiter.startedAt,
    };
    // Called when the namespace left the cache (deleted) or when the time is up; a timer that
    // fires a millisecond early must still count as up.
    const now = Math.max(this.clock.now(), waiter.startedAt + waiter.stuckAfterMs);
    waiter.resolve(terminationReport(waiter.namespace, obs, now, waiter.stuckAfterMs));
  }
}
