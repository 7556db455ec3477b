import { decideExpiry, type ExpiryDecision, namespaceAsleep, type ScalePlan } from '@curfew/core';
import { observeTimeBomb } from '../kube/observe.js';
import type { PodObject, WorkloadObject } from '../kube/types.js';
import type { ActionContext } from './context.js';

/** One object a time-bomb action acts on, with core's decision for it. */
export interface Due {
  object: WorkloadObject | PodObject;
  decision: ExpiryDecision;
}

export function describe(object: Due['object']): string {
  return `${object.kind} ${object.meta.name}`;
}

/**
 * The scale write for `want`, decided again on `current` — after a conflict, a fresh read — so a
 * stale copy never expires or revives what someone changed meanwhile. Null when it is no longer
 * due. A revival that leaves the count (a namespace asleep, a count set by hand) keeps `replicas`.
 */
export function replanScale(
  ctx: ActionContext,
  current: WorkloadObject,
  want: 'expire' | 'revive',
): ScalePlan | null {
  const ns = ctx.cache.namespace(current.meta.namespace);
  const again = decideExpiry(observeTimeBomb(current), {
    now: ctx.clock.now(),
    namespaceSuspended: ns ? namespaceAsleep(ns.meta.annotations) : false,
  });
  if (again.kind !== want || (again.kind !== 'expire' && again.kind !== 'revive')) return null;
  return {
    replicas: again.replicas ?? current.replicas,
    annotations: again.annotations,
    ...(again.kind === 'expire' && again.keptRecord !== undefined
      ? { keptRecord: again.keptRecord }
      : {}),
  };
}
