/**
 * Audits what an agent did by itself (SPEC "Every action is recorded … hub audit log"):
 * schedule suspends, auto-wake resumes, expiries and drift arrive only as notifications,
 * never as commands, so the router's command audit never sees them.
 *
 * Exactly one entry per notification id, however many replicas receive re-sends: a claim
 * (NotificationClaims.auditOnce) takes the id before recording, separate from the delivery marker because
 * delivery may fail and be retried while the action itself already happened.
 */

import type { Clock } from '@curfew/core';
import { Action, type Notification, NotificationKind } from '@curfew/proto';
import type { HubMetrics } from '../metrics.js';
import type { AuditLog, NotificationClaims } from '../ports.js';

/** Notification kinds that report an action on the cluster, and its audit name. */
const ACTIONS: Partial<Record<NotificationKind, string>> = {
  [NotificationKind.SUSPENDED]: Action[Action.SUSPEND].toLowerCase(),
  [NotificationKind.RESUMED]: Action[Action.RESUME].toLowerCase(),
  [NotificationKind.EXPIRED]: 'expire',
  [NotificationKind.DRIFT]: 'drift',
};

/** The audit action name, or null when the notification reports no action of its own. */
export function auditedAction(notification: Notification): string | null {
  // With a command id the router already audits the command's outcome.
  if (notification.commandId !== '') return null;
  return ACTIONS[notification.kind] ?? null;
}

function detailOf(notification: Notification): string | undefined {
  const workloads = notification.workloads.map((w) => `${w.kind}/${w.name}`).join(', ');
  const parts = [notification.text, workloads === '' ? '' : `workloads: ${workloads}`].filter(
    (part) => part !== '',
  );
  return parts.length === 0 ? undefined : parts.join('; ');
}

export class AgentActionAudit {
  constructor(
    private readonly claims: NotificationClaims,
    private readonly audit: AuditLog,
    private readonly metrics: HubMetrics,
    private readonly clock: Clock,
  ) {}

  /** Records the action once per notification id; throws if Redis fails (the agent re-sends). */
  async record(clusterId: string, notification: Notification): Promise<void> {
    const action = auditedAction(notification);
    if (!action) return;
    const detail = detailOf(notification);
    // A failed record undoes the claim, so the agent's re-send records it instead of the
    // action going unaudited.
    const outcome = await this.claims.auditOnce(clusterId, notification.id, this.clock.now(), () =>
      this.audit.record({
        at: this.clock.now(),
        actor: notification.actor === '' ? 'schedule' : notification.actor,
        // The actor is only the agent's word: say whose.
        actorSource: `agent:${clusterId}`,
        action,
        clusterId,
        ...(notification.namespace ? { namespace: notification.namespace } : {}),
        outcome: 'succeeded',
        ...(detail ? { detail } : {}),
      }),
    );
    if (!outcome.claimed) return;
    this.metrics.agentActions.inc({ action });
  }
}
