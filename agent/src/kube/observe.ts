import {
  type CronJobObservation,
  isWorkloadExcluded,
  type NamespaceObservation,
  type ScalableObservation,
  type TimeBombObservation,
} from '@curfew/core';
import type { ClusterCache } from './cache.js';
import { KubeError } from './errors.js';
import type { CronJobObject, NamespaceObject, PodObject, WorkloadObject } from './types.js';

/** What core's decision needs to know about one namespace, from the informer cache. */
export function observe(cache: ClusterCache, name: string): NamespaceObservation | undefined {
  const ns = cache.namespace(name);
  if (!ns) return undefined;
  const workloads = cache.workloads(name);
  const scaledUp = workloads.filter(
    (w) => !isWorkloadExcluded(w.meta.annotations) && w.replicas > 0,
  ).length;
  return {
    name,
    labels: ns.meta.labels,
    annotations: ns.meta.annotations,
    runningPods: cache.usage(name).runningPods,
    scaledUpWorkloads: scaledUp,
    // Their kube-downscaler schedule annotations feed the namespace's schedule (core).
    workloads: [...workloads, ...cache.cronJobs(name)].map((w) => ({
      kind: w.kind,
      name: w.meta.name,
      annotations: w.meta.annotations,
    })),
    phase: ns.phase === 'Terminating' || ns.meta.deleting ? 'Terminating' : 'Active',
  };
}

/**
 * The namespace and its observation, for an action that must have it: a namespace gone from the
 * cache is a 404, like the API server's.
 */
export function observeExisting(
  cache: ClusterCache,
  name: string,
): { ns: NamespaceObject; obs: NamespaceObservation } {
  const ns = cache.namespace(name);
  const obs = observe(cache, name);
  if (!ns || !obs) throw new KubeError(`namespace "${name}" not found`, 404, 'NotFound');
  return { ns, obs };
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
