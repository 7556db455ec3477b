import { create } from '@bufbuild/protobuf';
import { type Clock, isWorkloadExcluded } from '@curfew/core';
import type { WorkloadRef } from '@curfew/proto';
import { WorkloadRefSchema } from '@curfew/proto';
import type { ClusterCache } from '../kube/cache.js';
import { CacheWaits } from './cache-wait.js';

export interface ReadinessResult {
  ready: boolean;
  total: number;
  notReady: WorkloadRef[];
}

/**
 * "Resumed" is reported when the namespace is actually serving again, not when the scale
 * requests returned: waits until every scaled-up workload of the namespace has all its replicas
 * ready — also those a previous agent restored before it died — or the timeout passes, then
 * reports which are not.
 */
export class ReadinessTracker extends CacheWaits<ReadinessResult> {
  constructor(cache: ClusterCache, clock: Clock) {
    super(
      {
        reached: (namespace) => measureReadiness(cache, namespace).ready,
        report: (namespace) => measureReadiness(cache, namespace),
      },
      clock,
    );
  }
}

function measureReadiness(cache: ClusterCache, namespace: string): ReadinessResult {
  const notReady: WorkloadRef[] = [];
  let total = 0;
  for (const w of cache.workloads(namespace)) {
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
