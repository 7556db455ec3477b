import type { AnnotationPatch } from '../common/annotations.js';
import type { NamespaceState } from './namespace.js';

/**
 * What is due for one namespace NOW. The agent carries out `kind`, then writes `annotations`
 * (a merge patch; null deletes) so that the next decision — after a restart too — knows it was done.
 */
export type NamespaceDecision =
  | NothingDue
  | RemindDecision
  | SuspendDecision
  | ResumeDecision
  | MarkWokenDecision
  | UnmanagedDecision
  | SystemDecision
  | InvalidDecision;

export interface DecisionBase {
  namespace: string;
  /** The namespace's state once this decision has been carried out (for snapshots). */
  state: NamespaceState;
  /** Why, in words, for logs, Events and `/devenv status`. */
  reason: string;
  /** The planned shutdown once this decision has been carried out; null if none is planned. */
  shutdownAt: number | null;
  /** Decide again at this instant at the latest; null = only when the namespace or its pods change. */
  nextCheckAt: number | null;
  /** Annotations to write on the namespace after carrying out the decision. */
  annotations: AnnotationPatch;
}

/** Nothing to do now (annotations may still hold bookkeeping to write, e.g. a new shutdown-at). */
export interface NothingDue extends DecisionBase {
  kind: 'none';
}

/** Send the owner the reminder for `offsetMinutes` before the shutdown at `shutdownAt`. */
export interface RemindDecision extends DecisionBase {
  kind: 'remind';
  offsetMinutes: number;
  shutdownAt: number;
  /** The shutdown was moved later to give the owner this reminder's full grace period. */
  late: boolean;
}

/**
 * Suspend by schedule. The agent scales every workload to 0 first and writes these annotations
 * (state=suspended) only afterwards: a suspended namespace with scaled-up workloads is read as
 * "woken by hand".
 */
export interface SuspendDecision extends DecisionBase {
  kind: 'suspend';
}

/** Auto-wake (`curfew.dev/wake: auto`): resume at the uptime start after the suspend. */
export interface ResumeDecision extends DecisionBase {
  kind: 'resume';
}

/**
 * A suspended namespace whose workloads a person scaled up: record it as running; the schedule
 * starts over with reminders (and at least the largest reminder offset of runtime).
 */
export interface MarkWokenDecision extends DecisionBase {
  kind: 'mark-woken';
}

/** Not managed (opt-in without label, opted out, terminating): never touched. */
export interface UnmanagedDecision extends DecisionBase {
  kind: 'unmanaged';
}

/** `kube-*`, the agent's namespace, or configured as system: never touched in any mode. */
export interface SystemDecision extends DecisionBase {
  kind: 'system';
}

/** Bad per-namespace (or cluster) configuration: reported, and the namespace is left alone. */
export interface InvalidDecision extends DecisionBase {
  kind: 'invalid';
  error: { message: string; hint: string };
}
