import {
  ANNOTATIONS,
  type AnnotationPatch,
  applyAnnotationPatch,
  EXPIRED_AT_ANNOTATION,
} from '../common/annotations.js';
import { formatInstant } from '../common/instant.js';
import { type ActionCause, actorOf, commandIdOf } from './action-cause.js';
import type { MarkWokenDecision } from './decision.js';
import { judgeWake } from './drift.js';
import type { NamespaceObservation } from './namespace.js';
import { applySnooze, resumeAnnotations, suspendAnnotations } from './owner-actions.js';
import type { ClusterPolicy } from './policy.js';
import { isWorkloadExcluded } from './workload-exclusion.js';
import { recordedReplicas, type ScalableObservation } from './workload-plans.js';

/**
 * What each namespace action writes on the namespace, decided from what it looks like now and why
 * the action runs. The agent scales the workloads between `start` and `final`; these plans keep
 * the schedule's bookkeeping consistent with decideNamespace whichever way the action was asked for.
 */

/** A namespace transition in two writes, so a crash between any two requests is finished later. */
export interface TransitionPlan {
  actor: string;
  /** Written first: `state` marks the action in flight; a restarted agent finishes it. */
  start: AnnotationPatch;
  /** Written once every workload is done: the state the namespace ends in, and its bookkeeping. */
  final: AnnotationPatch;
}

export interface SuspendPlan extends TransitionPlan {
  /** One suspend, one instant — kept when another agent finishes it after a crash. ISO-8601. */
  suspendedAt: string;
  /**
   * The namespace was already suspending or suspended: a re-suspend keeps the replica counts
   * already recorded (see planWorkloadSuspend).
   */
  resuspend: boolean;
}

/** `suspending`/`resuming` mark an action in flight; `suspended` holds. Absent is running. */
export function namespaceAsleep(annotations: Readonly<Record<string, string>>): boolean {
  const state = annotations[ANNOTATIONS.state];
  return state !== undefined && state !== 'running';
}

/** The command a transition in flight is for (none: an earlier command's record is removed). */
function inFlight(cause: ActionCause): AnnotationPatch {
  return { [ANNOTATIONS.actionCommand]: commandIdOf(cause) ?? null };
}

/**
 * Suspend, by schedule (with the decision's annotations), by a person (a command: any earlier
 * drift verdict no longer applies, since someone chose to suspend) or to finish one a previous
 * agent started. Only `final` says `suspended`: a suspended namespace with scaled-up workloads is
 * read as woken by hand, so our own half-done suspend is never mistaken for one.
 */
export function planSuspend(
  obs: NamespaceObservation,
  now: number,
  cause: ActionCause,
  scheduled?: AnnotationPatch,
): SuspendPlan {
  const actor = actorOf(cause);
  const state = obs.annotations[ANNOTATIONS.state];
  const resuspend = state === 'suspending' || state === 'suspended';
  const suspendedAt = (resuspend && obs.annotations[ANNOTATIONS.suspendedAt]) || formatInstant(now);
  const base = cause.kind === 'schedule' && scheduled ? scheduled : suspendAnnotations(now, actor);
  const personal: AnnotationPatch =
    cause.kind === 'command'
      ? { [ANNOTATIONS.drift]: null, [ANNOTATIONS.undoneSuspends]: null }
      : {};
  const who = { [ANNOTATIONS.suspendedBy]: actor, [ANNOTATIONS.suspendedAt]: suspendedAt };
  return {
    actor,
    suspendedAt,
    resuspend,
    start: { [ANNOTATIONS.state]: 'suspending', ...who, ...inFlight(cause) },
    final: {
      ...base,
      ...personal,
      [ANNOTATIONS.state]: 'suspended',
      ...who,
      [ANNOTATIONS.actionCommand]: null,
    },
  };
}

/**
 * Resume: by the schedule's auto-wake (the decision's annotations), by a person or a fresh agent
 * finishing one (running, with at least the largest reminder offset of runtime before the next
 * shutdown). `extra` joins the final write (a snooze of a suspended namespace). A suspend that
 * lasted until a resume was not undone: the drift count starts over.
 * Throws CurfewInputError for a namespace that is not managed.
 */
export function planResume(
  obs: NamespaceObservation,
  policy: ClusterPolicy,
  now: number,
  cause: ActionCause,
  options: { scheduled?: AnnotationPatch; extra?: AnnotationPatch } = {},
): TransitionPlan {
  const base =
    cause.kind === 'schedule' && options.scheduled
      ? options.scheduled
      : resumeAnnotations(obs, policy, now);
  return {
    actor: actorOf(cause),
    start: { [ANNOTATIONS.state]: 'resuming', ...inFlight(cause) },
    final: {
      ...base,
      ...options.extra,
      [ANNOTATIONS.state]: 'running',
      [ANNOTATIONS.actionCommand]: null,
      [ANNOTATIONS.suspendedAt]: null,
      [ANNOTATIONS.suspendedBy]: null,
      [ANNOTATIONS.undoneSuspends]: null,
    },
  };
}

export interface SnoozePlan {
  /** Snoozing a suspended namespace means "I need it now, for this long": resume it first. */
  resume: boolean;
  /** The snooze's annotations (for a resume: joined to the resume's final write). */
  annotations: AnnotationPatch;
  snoozedUntil: number;
  message: string;
}

/**
 * Snooze / prolong: the shutdown moves to `max(shutdown, now) + duration` (applySnooze). On a
 * suspended (or half-suspended) namespace the snooze is planned on the namespace as it will be once
 * resumed. Throws CurfewInputError for unmanaged namespaces, bad schedules and durations.
 */
export function planSnooze(
  obs: NamespaceObservation,
  policy: ClusterPolicy,
  now: number,
  durationMs: number,
): SnoozePlan {
  if (!namespaceAsleep(obs.annotations)) {
    const snooze = applySnooze(obs, policy, now, durationMs);
    return {
      resume: false,
      annotations: snooze.annotations,
      snoozedUntil: snooze.snoozedUntil,
      message: `${obs.name} snoozed until ${new Date(snooze.snoozedUntil).toISOString()}`,
    };
  }
  const resumed = resumeAnnotations(obs, policy, now);
  const after = {
    ...obs,
    annotations: applyAnnotationPatch(obs.annotations, {
      ...resumed,
      [ANNOTATIONS.state]: 'running',
    }),
  };
  const snooze = applySnooze(after, policy, now, durationMs);
  return {
    resume: true,
    annotations: snooze.annotations,
    snoozedUntil: snooze.snoozedUntil,
    message: `${obs.name} resumed and snoozed until ${new Date(snooze.snoozedUntil).toISOString()}`,
  };
}

/** A workload a person scaled up while its namespace was suspended: its record is dropped. */
export interface WokenWorkload {
  kind: ScalableObservation['kind'];
  name: string;
  /** What the person scaled it to (their count stands). */
  replicas: number;
  /** The count recorded at the suspend, which no longer applies. */
  recorded: number | null;
  annotations: AnnotationPatch;
}

export interface WakePlan {
  /** The namespace's annotations: core's mark-woken plus the drift bookkeeping. */
  annotations: AnnotationPatch;
  /** Set once, when a GitOps-like undo pattern is first detected: the text to report. */
  drift: string | null;
  /** Written before the namespace: each woken workload's stale `previous-replicas` dropped. */
  workloads: WokenWorkload[];
  /** For the Event and the owner. */
  message: string;
}

/**
 * A suspended namespace a person woke by hand (decideNamespace's mark-woken): an explicit wake.
 * The counts the person chose stand, so the records the suspend left on the workloads they scaled
 * up are dropped — written before the namespace is marked running, so a crash in between just
 * finds the namespace still suspended with scaled-up workloads and does it again. Workloads still
 * at 0 keep their records for the next resume; expired workloads are the time bombs' (an extension
 * is their wake, not a scale-up).
 */
export function planWake(
  obs: NamespaceObservation,
  workloads: readonly ScalableObservation[],
  decision: MarkWokenDecision,
  now: number,
): WakePlan {
  const verdict = judgeWake(obs.name, obs.annotations, now);
  const woken: WokenWorkload[] = workloads
    .filter(
      (w) =>
        w.replicas > 0 &&
        !isWorkloadExcluded(w.annotations) &&
        w.annotations[EXPIRED_AT_ANNOTATION] === undefined &&
        w.annotations[ANNOTATIONS.previousReplicas] !== undefined,
    )
    .map((w) => ({
      kind: w.kind,
      name: w.name,
      replicas: w.replicas,
      recorded: recordedReplicas(w.annotations),
      annotations: { [ANNOTATIONS.previousReplicas]: null },
    }));
  const changed = woken
    .filter((w) => w.recorded !== w.replicas)
    .map(
      (w) =>
        `${w.kind} ${w.name} stays at ${w.replicas} (was ${w.recorded ?? '?'} before the suspend)`,
    );
  const detail = changed.length > 0 ? ` ${changed.join('; ')}.` : '';
  return {
    annotations: { ...decision.annotations, ...verdict.annotations },
    drift: verdict.report,
    workloads: woken,
    message: `${obs.name} was woken by hand: ${decision.reason}. The schedule starts over with reminders.${detail}`,
  };
}
