import { ANNOTATIONS, type AnnotationPatch } from '../common/annotations.js';
import { MAX_DURATION_MS } from '../common/duration.js';
import { CurfewInputError } from '../common/errors.js';
import { formatInstant } from '../common/instant.js';
import { uptimeEndFrom } from '../schedule/uptime.js';
import { decideNamespace } from './decide-namespace.js';
import { wokenAnnotations } from './lifecycle-annotations.js';
import { managedContext } from './managed-context.js';
import { managementOf, type NamespaceObservation } from './namespace.js';
import type { ClusterPolicy } from './policy.js';

/**
 * What owners do from Slack or the API, as annotation changes the agent writes. The agent performs
 * the Kubernetes side (scaling) itself; these keep the schedule's bookkeeping consistent with
 * decideNamespace.
 */

export interface SnoozeResult {
  annotations: AnnotationPatch;
  /** The new `snoozed-until`. */
  snoozedUntil: number;
  /** The shutdown now planned (after `snoozedUntil`, at the end of uptime if that is uptime). */
  shutdownAt: number | null;
}

function requireManaged(obs: NamespaceObservation, policy: ClusterPolicy): void {
  const management = managementOf(obs, policy);
  if (!management.managed) {
    throw new CurfewInputError(
      `Namespace ${obs.name} is not managed by Curfew: ${management.reason}.`,
      management.state === 'system'
        ? 'System namespaces are never suspended; nothing to do.'
        : 'Ask the platform team to manage it (label curfew.dev/managed=true).',
    );
  }
}

/**
 * Snooze / prolong: the shutdown moves to max(shutdown, now) + duration (rounded up to a whole
 * second), reminders re-arm for the new time. The snooze is honoured until it ends; if it ends
 * inside an uptime window, that window's end applies (the daily reset). Throws CurfewInputError
 * for unmanaged namespaces, invalid schedules and durations outside (0, 1 year].
 * On a suspended namespace it only records the snooze; the agent resumes it separately (apply
 * resumeAnnotations first, then these).
 */
export function applySnooze(
  obs: NamespaceObservation,
  policy: ClusterPolicy,
  now: number,
  durationMs: number,
): SnoozeResult {
  requireManaged(obs, policy);
  const ctx = managedContext(obs, policy, now);
  if (!Number.isFinite(durationMs) || durationMs <= 0 || durationMs > MAX_DURATION_MS) {
    throw new CurfewInputError(
      `A snooze of ${durationMs} ms is not between one second and one year.`,
      'Snooze for a duration like 1h, 3h, 1d or 3d.',
    );
  }
  // The shutdown in effect: what is planned (and announced, or about to be). A late reminder's
  // grace has not been announced yet, so a snooze before it counts from now.
  const decision = decideNamespace(obs, policy, now);
  const current = decision.kind === 'remind' && decision.late ? now : (decision.shutdownAt ?? now);
  const snoozedUntil = Math.ceil((Math.max(current, now) + durationMs) / 1000) * 1000;
  const shutdownAt = uptimeEndFrom(ctx.schedule, snoozedUntil);
  return {
    snoozedUntil,
    shutdownAt,
    annotations: {
      [ANNOTATIONS.snoozedUntil]: formatInstant(snoozedUntil),
      [ANNOTATIONS.shutdownAt]: shutdownAt === null ? null : formatInstant(shutdownAt),
      [ANNOTATIONS.reminderSent]: null,
    },
  };
}

/**
 * Annotations after a person resumed the namespace (`/devenv start`, the Resume button): running,
 * planned shutdown at the end of uptime but at least the largest reminder offset away, so a
 * namespace started in the evening is not suspended minutes later and every reminder is sent.
 */
export function resumeAnnotations(
  obs: NamespaceObservation,
  policy: ClusterPolicy,
  now: number,
): AnnotationPatch {
  requireManaged(obs, policy);
  return wokenAnnotations(managedContext(obs, policy, now)).annotations;
}

export { suspendedAnnotations as suspendAnnotations } from './lifecycle-annotations.js';
