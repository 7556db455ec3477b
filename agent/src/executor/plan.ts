import { ANN, isExcluded } from '../annotations.js';
import type {
  AnnotationPatch,
  CronJobObject,
  CronJobPatch,
  ScaledObjectRef,
  ScalePatch,
  WorkloadObject,
} from '../kube/types.js';

/**
 * Pure per-object plans. Each returns the single patch that moves the object one step, or
 * null when it is already where it should be — that is what makes suspend and resume safe
 * to repeat after a crash.
 */

/**
 * Scale to 0 and record the count in the SAME patch, so no crash can leave a workload at 0
 * without its record. A workload already at 0 is left alone: it keeps any earlier record
 * (never overwritten with 0) and one without a record was at 0 before — resume keeps it there.
 */
export function planWorkloadSuspend(workload: WorkloadObject): ScalePatch | null {
  if (isExcluded(workload) || workload.replicas === 0) return null;
  return {
    replicas: 0,
    annotations: { [ANN.previousReplicas]: String(workload.replicas) },
    resourceVersion: workload.meta.resourceVersion,
  };
}

export function recordedReplicas(workload: WorkloadObject): number | null {
  const text = workload.meta.annotations[ANN.previousReplicas];
  if (text === undefined || !/^\d+$/.test(text)) return null;
  return Number(text);
}

/**
 * Restore the recorded count and drop the record in one patch. An expired workload stays at 0
 * with its record: resuming the namespace does not defuse a time bomb, an extension does.
 */
export function planWorkloadResume(workload: WorkloadObject): ScalePatch | null {
  if (isExcluded(workload) || workload.meta.annotations[ANN.expiredAt] !== undefined) return null;
  const recorded = recordedReplicas(workload);
  if (recorded === null) {
    // A malformed record cannot be restored; drop it so it is not mistaken for ours later.
    if (workload.meta.annotations[ANN.previousReplicas] === undefined) return null;
    return {
      replicas: workload.replicas,
      annotations: { [ANN.previousReplicas]: null },
      resourceVersion: workload.meta.resourceVersion,
    };
  }
  return {
    replicas: recorded,
    annotations: { [ANN.previousReplicas]: null },
    resourceVersion: workload.meta.resourceVersion,
  };
}

export function planCronJobSuspend(cronJob: CronJobObject): CronJobPatch | null {
  if (isExcluded(cronJob) || cronJob.suspend) return null;
  return {
    suspend: true,
    annotations: { [ANN.previousSuspend]: 'false' },
    resourceVersion: cronJob.meta.resourceVersion,
  };
}

export function planCronJobResume(cronJob: CronJobObject): CronJobPatch | null {
  if (isExcluded(cronJob)) return null;
  const previous = cronJob.meta.annotations[ANN.previousSuspend];
  if (previous === undefined) return null;
  return {
    suspend: previous === 'true',
    annotations: { [ANN.previousSuspend]: null },
    resourceVersion: cronJob.meta.resourceVersion,
  };
}

/**
 * KEDA would scale a suspended Deployment right back up (it scales from zero by design), so
 * its ScaledObject is paused first, recording the previous `paused` value in the same patch.
 */
export function planScaledObjectPause(so: ScaledObjectRef): AnnotationPatch | null {
  if (so.annotations[ANN.exclude] === 'true') return null;
  if (so.annotations[ANN.previousPaused] !== undefined) return null;
  const current = so.annotations[ANN.kedaPaused];
  if (current === 'true') return null;
  return { [ANN.kedaPaused]: 'true', [ANN.previousPaused]: current ?? 'absent' };
}

export function planScaledObjectResume(so: ScaledObjectRef): AnnotationPatch | null {
  const previous = so.annotations[ANN.previousPaused];
  if (previous === undefined) return null;
  return {
    [ANN.kedaPaused]: previous === 'absent' ? null : previous,
    [ANN.previousPaused]: null,
  };
}
