import { ANNOTATIONS, EXPIRED_AT_ANNOTATION, KEDA_PAUSED_ANNOTATION, LABELS } from '@curfew/core';

/**
 * Annotation keys, all from @curfew/core (SPEC "State and annotations" and the agent's
 * bookkeeping, which must survive an agent restart, so it lives on the objects themselves), with
 * the few that core keeps apart under one name.
 */
export const ANN = {
  ...ANNOTATIONS,
  managed: LABELS.managed,
  /** KEDA's own switch: a paused ScaledObject leaves the replica count alone. */
  kedaPaused: KEDA_PAUSED_ANNOTATION,
  /** Workload: scaled to 0 by its time bomb; only an extension brings it back. */
  expiredAt: EXPIRED_AT_ANNOTATION,
} as const;

/**
 * Namespace `state` values. `suspending`/`resuming` mark an action in flight: an agent that
 * starts and finds one finishes the action (every step is idempotent), so a crash between
 * any two requests leaves the namespace resumable. Core reads only `suspended`.
 */
export type StateValue = 'running' | 'suspended' | 'suspending' | 'resuming';
