import { ANNOTATIONS, EXPIRED_AT_ANNOTATION, LABELS } from '@curfew/core';
import type { NamespaceObject } from './kube/types.js';

/**
 * Annotation keys: the shared ones come from @curfew/core (SPEC "State and annotations");
 * the agent-only ones are bookkeeping that must survive an agent restart, so they live on
 * the objects themselves rather than in memory.
 */
export const ANN = {
  ...ANNOTATIONS,
  managed: LABELS.managed,
  /** Namespace: ids of recent commands, written in the same patch as their first effect. */
  commandIds: 'curfew.dev/command-ids',
  /** KEDA's own switch: a paused ScaledObject leaves the replica count alone. */
  kedaPaused: 'autoscaling.keda.sh/paused',
  /** ScaledObject: the `paused` value before Curfew paused it (`absent` when unset). */
  previousPaused: 'curfew.dev/previous-paused',
  /** Namespace: set when something keeps undoing suspends; reported once, not fought. */
  drift: 'curfew.dev/drift',
  /** Workload: scaled to 0 by its time bomb; only an extension brings it back. */
  expiredAt: EXPIRED_AT_ANNOTATION,
  /** Namespace: how many suspends in a row were undone within minutes. */
  undoneSuspends: 'curfew.dev/undone-suspends',
} as const;

/**
 * Namespace `state` values. `suspending`/`resuming` mark an action in flight: an agent that
 * starts and finds one finishes the action (every step is idempotent), so a crash between
 * any two requests leaves the namespace resumable. Core reads only `suspended`.
 */
export type StateValue = 'running' | 'suspended' | 'suspending' | 'resuming';

/** An object its owner excluded from Curfew (`curfew.dev/exclude: "true"`): never scaled. */
export function isExcluded(object: { meta: { annotations: Record<string, string> } }): boolean {
  return object.meta.annotations[ANN.exclude] === 'true';
}

/** A namespace is "asleep" while a suspend holds or an action on it is in flight. */
export function namespaceAsleep(ns: NamespaceObject): boolean {
  const state = ns.meta.annotations[ANN.state];
  return state !== undefined && state !== 'running';
}
