import type { NamespaceObservation } from '@curfew/core';
import { isExcluded } from '../executor/plan.js';
import type { ClusterCache } from './cache.js';

/** What core's decision needs to know about one namespace, from the informer cache. */
export function observe(cache: ClusterCache, name: string): NamespaceObservation | undefined {
  const ns = cache.namespace(name);
  if (!ns) return undefined;
  const scaledUp = cache.workloads(name).filter((w) => !isExcluded(w) && w.replicas > 0).length;
  return {
    name,
    labels: ns.meta.labels,
    annotations: ns.meta.annotations,
    runningPods: cache.usage(name).runningPods,
    scaledUpWorkloads: scaledUp,
    phase: ns.phase === 'Terminating' || ns.meta.deleting ? 'Terminating' : 'Active',
  };
}
