/**
 * Notifications from agents. Agents re-send until acknowledged, so the hub de-duplicates by
 * notification id (SET NX with a TTL longer than any agent's retry horizon) and acks every
 * copy. If the sink fails the marker is removed and no ack is sent, so the agent's re-send
 * is delivered instead of being lost.
 *
 * A notification about a namespace the agent never reported in a snapshot is refused
 * (acknowledged, neither audited nor delivered): an agent taken over must not write audit
 * entries or Slack messages about namespaces that are not its own. The agent sends any
 * pending snapshot change before a notification, so a genuine one always finds its namespace.
 */
import { timestampMs } from '@bufbuild/protobuf/wkt';
import type { Clock } from '@curfew/core';
import type { Notification } from '@curfew/proto';
import type { HubMetrics } from '../metrics.js';
import type { NotificationClaims, NotificationSink, ReportedNamespaces } from '../ports.js';
import type { AgentActionAudit } from './agent-action-audit.js';

export type IntakeResult =
  | 'delivered'
  | 'dropped'
  | 'duplicate'
  | 'stale'
  | 'unknown-namespace'
  | 'failed';

export class NotificationIntake {
  constructor(
    private readonly claims: NotificationClaims,
    private readonly sink: NotificationSink,
    private readonly reported: ReportedNamespaces,
    private readonly actions: AgentActionAudit,
    private readonly metrics: HubMetrics,
    private readonly clock: Clock,
  ) {}

  /** Everything but 'failed' should be acknowledged to the agent. */
  async accept(clusterId: string, notification: Notification): Promise<IntakeResult> {
    const result = await this.#accept(clusterId, notification);
    this.metrics.notifications.inc({ result });
    return result;
  }

  async #accept(clusterId: string, notification: Notification): Promise<IntakeResult> {
    try {
      if (
        notification.namespace === '' ||
        !(await this.reported.has(clusterId, notification.namespace))
      ) {
        return 'unknown-namespace';
      }
    } catch {
      return 'failed';
    }
    // The action happened even if its message is too late to send: audit before the
    // staleness check. Failing here leaves the notification unacknowledged, so it returns.
    try {
      await this.actions.record(clusterId, notification);
    } catch {
      return 'failed';
    }
    if (notification.staleAfter && timestampMs(notification.staleAfter) < this.clock.now())
      return 'stale';
    try {
      // A failed delivery undoes the claim: the agent's re-send is delivered instead.
      const outcome = await this.claims.deliverOnce(
        clusterId,
        notification.id,
        this.clock.now(),
        () => this.sink.deliver(clusterId, notification),
      );
      if (!outcome.claimed) return 'duplicate';
      return outcome.result === 'dropped' ? 'dropped' : 'delivered';
    } catch {
      return 'failed';
    }
  }
}
