import {
  type CronJobObservation,
  isExcluded,
  type NamespaceObservation,
  type ScalableObservation,
  type TimeBombObservation,
} from '@curfew/core';
import type { ClusterCache } from './cache.js';
import type { CronJobObject, PodObject, WorkloadObject } from './types.js';

/** What core's decision needs to know about one namespace, from the informer cache. */
export function observe(cache: ClusterCache, name: string): NamespaceObservation | undefined {
  const ns = cache.namespace(name);
  if (!ns) return undefined;
  const scaledUp = cache
    .workloads(name)
    .filter((w) => !isExcluded(w.meta.annotations) && w.replicas > 0).length;
  return {
    name,
    labels: ns.meta.labels,
    annotations: ns.meta.annotations,
    runningPods: cache.usage(name).runningPods,
    scaledUpWorkloads: scaledUp,
    phase: ns.phase === 'Terminating' || ns.meta.deleting ? 'Terminating' : 'Active',
  };
}

/** What core's per-workload suspend and resume plans need. */
export function observeScalable(workload: WorkloadObject): ScalableObservation {
  const { name, namespace, annotations } = workload.meta;
  return { kind: workload.kind, name, namespace, annotations, replicas: workload.replicas };
}

export function observeCronJob(cronJob: CronJobObject): CronJobObservation {
  return { annotations: cronJob.meta.annotations, suspend: cronJob.suspend };
}

/** What core's time-bomb decisions need to know about a workload or a Pod. */
export function observeTimeBomb(object: WorkloadObject | PodObject): TimeBombObservation {
  const { name, namespace, annotations, deleting } = object.meta;
  if (object.kind === 'Pod') {
    return {
      kind: 'Pod',
      name,
      namespace,
      annotations,
      replicas: 1,
      owned: object.owned ?? false,
      deleting,
    };
  }
  return {
    kind: object.kind,
    name,
    namespace,
    annotations,
    templateAnnotations: object.templateAnnotations ?? {},
    replicas: object.replicas,
    deleting,
  };
}
