import { type Clock, type TerminationReport, terminationReport } from '@curfew/core';
import type { ClusterCache } from '../kube/cache.js';
import { CacheWaits } from './cache-wait.js';

/**
 * "Deleted" is reported when the namespace is really gone, not when the DELETE returned: a real
 * apiserver answers the DELETE at once and leaves the namespace Terminating while the namespace
 * controller removes its content, and a finalizer whose controller is gone holds it forever.
 * Waits until the namespace leaves the cache, or reports it stuck with what holds it once
 * `stuckAfterMs` has passed (`wait(namespace, stuckAfterMs)`).
 */
export class TerminationTracker extends CacheWaits<TerminationReport> {
  constructor(cache: ClusterCache, clock: Clock) {
    super(
      {
        reached: (namespace) => !cache.namespace(namespace),
        report: (namespace, startedAt, deadline) => {
          const ns = cache.namespace(namespace);
          const obs = ns && {
            finalizers: ns.termination?.finalizers ?? [],
            conditions: ns.termination?.conditions ?? [],
            deletionStartedAt: startedAt,
          };
          // Called when the namespace left the cache (deleted) or when the time is up; a timer
          // that fires a millisecond early must still count as up.
          const now = Math.max(clock.now(), deadline);
          return terminationReport(namespace, obs, now, deadline - startedAt);
        },
      },
      clock,
    );
  }
}
