/**
 * What a delete reports while Kubernetes terminates the namespace. A DELETE returns at once;
 * the namespace controller then removes the content and the namespace goes only when nothing
 * (no pod in its grace period, no object held by a finalizer) is left. A finalizer whose
 * controller is gone holds it forever, so after a while the report says what holds it instead of
 * waiting on.
 */

/** A namespace status condition as the namespace controller writes it. */
export interface NamespaceConditionObservation {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** A terminating namespace as the agent sees it. */
export interface TerminationObservation {
  /** metadata.deletionTimestamp, epoch ms; absent: not seen (the report then never times out). */
  deletionStartedAt?: number;
  /** spec.finalizers and metadata.finalizers of the namespace itself. */
  finalizers: readonly string[];
  conditions: readonly NamespaceConditionObservation[];
}

export type TerminationReport =
  /** The namespace is gone: the delete is done. */
  | { kind: 'deleted'; message: string }
  /** Still terminating within the allowed time: look again at `checkAt` (or on a change). */
  | { kind: 'deleting'; message: string; checkAt: number }
  /** Still terminating after the allowed time: what holds it. */
  | { kind: 'stuck'; message: string; finalizers: string[] };

/** The condition the deleter sets while content with finalizers remains (status_condition_utils.go). */
const FINALIZERS_REMAINING = 'NamespaceFinalizersRemaining';
const FINALIZERS_PREFIX = 'Some content in the namespace has finalizers remaining: ';

/**
 * Rules:
 * 1. A namespace that is gone was deleted.
 * 2. Terminating for less than `stuckAfterMs` since its deletionTimestamp: still deleting, look
 *    again when the time is up.
 * 3. Terminating longer: stuck; the message lists the namespace controller's failing (True)
 *    conditions and every finalizer that holds it — the namespace's own and those of its
 *    remaining content, as the NamespaceFinalizersRemaining condition names them.
 */
export function terminationReport(
  namespace: string,
  obs: TerminationObservation | undefined,
  now: number,
  stuckAfterMs: number,
): TerminationReport {
  if (!obs) return { kind: 'deleted', message: `${namespace} was deleted.` };
  const checkAt = (obs.deletionStartedAt ?? now) + stuckAfterMs;
  if (obs.deletionStartedAt === undefined || now < checkAt) {
    return {
      kind: 'deleting',
      message: `deleting: ${namespace} is terminating; Kubernetes removes its contents first.`,
      checkAt,
    };
  }
  const { finalizers, conditions } = whatHolds(obs);
  const held = finalizers.length === 0 ? '' : ` Held by finalizers: ${finalizers.join(', ')}.`;
  return {
    kind: 'stuck',
    message: `${namespace} is stuck terminating after ${minutes(now - obs.deletionStartedAt)}: ${conditions || 'no condition reported by the namespace controller'}.${held}`,
    finalizers,
  };
}

/**
 * What keeps a terminating namespace, as facts that do not depend on the time (a snapshot shows
 * them while it terminates): the namespace controller's failing (True) conditions, and every
 * finalizer that holds it — the namespace's own and those of its remaining content, as the
 * NamespaceFinalizersRemaining condition names them. `conditions` is empty when none fails.
 */
export function whatHolds(obs: TerminationObservation): {
  finalizers: string[];
  conditions: string;
} {
  const failing = obs.conditions.filter((c) => c.status === 'True');
  const finalizers = [...new Set([...obs.finalizers, ...contentFinalizers(failing)])];
  const conditions = failing.map((c) => `${c.type}: ${c.message || c.reason || 'True'}`).join('; ');
  return { finalizers, conditions };
}

/** "a.io/x in 2 resource instances, b in 1 resource instances" → ["a.io/x", "b"]. */
function contentFinalizers(conditions: readonly NamespaceConditionObservation[]): string[] {
  const message = conditions.find((c) => c.type === FINALIZERS_REMAINING)?.message ?? '';
  if (!message.startsWith(FINALIZERS_PREFIX)) return [];
  return message
    .slice(FINALIZERS_PREFIX.length)
    .split(', ')
    .map((part) => part.replace(/ in \d+ resource instances$/, '').trim())
    .filter((f) => f !== '');
}

function minutes(ms: number): string {
  const value = Math.max(1, Math.round(ms / 60_000));
  return value === 1 ? '1 minute' : `${value} minutes`;
}
