import {
  ANNOTATIONS,
  type AnnotationPatch,
  EXPIRED_AT_ANNOTATION,
  KEDA_PAUSED_ANNOTATION,
} from '../common/annotations.js';
import { isWorkloadExcluded } from './workload-exclusion.js';

/**
 * Per-object plans for suspend and resume. Each returns the single change that moves one object
 * one step, or null when it is already where it should be — that is what makes suspend and resume
 * safe to repeat after a crash. The agent adds the resourceVersion precondition and writes it.
 */

/** What a plan needs to know about a Deployment or StatefulSet. */
export interface ScalableObservation {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  namespace: string;
  annotations: Readonly<Record<string, string>>;
  /** `spec.replicas`. */
  replicas: number;
}

/** One PATCH of a workload: `spec.replicas` and its annotations, atomically. */
export interface ScalePlan {
  replicas: number;
  annotations: AnnotationPatch;
  /**
   * Set when a count recorded earlier is kept rather than replaced by the current one (a hand
   * scale-up during a suspend or after an expiry is not what should come back): for the Event.
   */
  keptRecord?: number;
}

export interface CronJobObservation {
  annotations: Readonly<Record<string, string>>;
  suspend: boolean;
}

export interface CronJobPlan {
  suspend: boolean;
  annotations: AnnotationPatch;
}

/** The recorded `previous-replicas`, or null when absent or not a count. */
export function recordedReplicas(annotations: Readonly<Record<string, string>>): number | null {
  const text = annotations[ANNOTATIONS.previousReplicas];
  if (text === undefined || !/^\d+$/.test(text)) return null;
  return Number(text);
}

/**
 * The record written with a scale to 0: the current count — unless `keep` and a count is already
 * recorded. A re-suspend (the namespace was already suspending or suspended) or a re-expiry
 * keeps the first record: whatever scaled the workload up in between (a person with
 * `kubectl scale`, a GitOps sync) did not change what the owner will want back. A workload at 0
 * gets no record: it keeps any earlier one, and one without was at 0 before.
 */
export function recordForScaleDown(
  workload: Pick<ScalableObservation, 'annotations' | 'replicas'>,
  keep: boolean,
): Pick<ScalePlan, 'annotations' | 'keptRecord'> {
  const recorded = recordedReplicas(workload.annotations);
  if (workload.replicas === 0) return { annotations: {} };
  if (keep && recorded !== null) return { annotations: {}, keptRecord: recorded };
  return { annotations: { [ANNOTATIONS.previousReplicas]: String(workload.replicas) } };
}

/**
 * Scale to 0 and record the count in the SAME patch, so no crash can leave a workload at 0
 * without its record. `resuspend`: the namespace was already suspending or suspended when this
 * suspend began (a fresh agent finishing one, a repeated suspend), so records already there are
 * kept. A suspend that starts from a running namespace records what runs now: a record left on a
 * running workload is from an earlier cycle that a person ended by hand.
 */
export function planWorkloadSuspend(
  workload: ScalableObservation,
  resuspend: boolean,
): ScalePlan | null {
  if (isWorkloadExcluded(workload.annotations) || workload.replicas === 0) return null;
  return { replicas: 0, ...recordForScaleDown(workload, resuspend) };
}

/**
 * Restore the recorded count and drop the record in one patch. An expired workload stays at 0
 * with its record: resuming the namespace does not defuse a time bomb, an extension does.
 */
export function planWorkloadResume(workload: ScalableObservation): ScalePlan | null {
  const { annotations } = workload;
  if (isWorkloadExcluded(annotations) || annotations[EXPIRED_AT_ANNOTATION] !== undefined)
    return null;
  if (annotations[ANNOTATIONS.previousReplicas] === undefined) return null;
  const recorded = recordedReplicas(annotations);
  // A malformed record cannot be restored; drop it so it is not mistaken for ours later.
  return {
    replicas: recorded ?? workload.replicas,
    annotations: { [ANNOTATIONS.previousReplicas]: null },
  };
}

/** `spec.suspend: true` with the previous value recorded in the same patch. */
export function planCronJobSuspend(cronJob: CronJobObservation): CronJobPlan | null {
  if (isWorkloadExcluded(cronJob.annotations) || cronJob.suspend) return null;
  return { suspend: true, annotations: { [ANNOTATIONS.previousSuspend]: 'false' } };
}

export function planCronJobResume(cronJob: CronJobObservation): CronJobPlan | null {
  if (isWorkloadExcluded(cronJob.annotations)) return null;
  const previous = cronJob.annotations[ANNOTATIONS.previousSuspend];
  if (previous === undefined) return null;
  return { suspend: previous === 'true', annotations: { [ANNOTATIONS.previousSuspend]: null } };
}

/**
 * KEDA would scale a suspended Deployment right back up (it scales from zero by design), so
 * its ScaledObject is paused first, recording the previous `paused` value in the same patch.
 */
export function planScaledObjectPause(
  annotations: Readonly<Record<string, string>>,
): AnnotationPatch | null {
  if (isWorkloadExcluded(annotations)) return null;
  if (annotations[ANNOTATIONS.previousPaused] !== undefined) return null;
  const current = annotations[KEDA_PAUSED_ANNOTATION];
  if (current === 'true') return null;
  return { [KEDA_PAUSED_ANNOTATION]: 'true', [ANNOTATIONS.previousPaused]: current ?? 'absent' };
}

export function planScaledObjectResume(
  annotations: Readonly<Record<string, string>>,
): AnnotationPatch | null {
  const previous = annotations[ANNOTATIONS.previousPaused];
  if (previous === undefined) return null;
  return {
    [KEDA_PAUSED_ANNOTATION]: previous === 'absent' ? null : previous,
    [ANNOTATIONS.previousPaused]: null,
  };
}
