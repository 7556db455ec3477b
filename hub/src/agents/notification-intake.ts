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
import type { Redis } from 'ioredis';
import type { HubMetrics } from '../metrics.js';
import type { NotificationSink } from '../ports.js';
import { claimOnce } from '../redis/claim-once.js';
import type { RedisKeys } from '../redis/keys.js';
import type { AgentActionAudit } from './agent-action-audit.js';

const DEDUPE_TTL_MS = 7 * 86_400_000;

export type IntakeResult =
  | 'delivered'
  | 'dropped'
  | 'duplicate'
  | 'stale'
  | 'unknown-namespace'
  | 'failed';

/** Which namespaces a cluster's agent reported (its snapshots). */
export interface ReportedNamespaces {
  has(clusterId: string, namespace: string): Promise<boolean>;
}

export class NotificationIntake {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
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
    const claim = {
      key: this.keys.notification(clusterId, notification.id),
      value: String(this.clock.now()),
      ttlMs: DEDUPE_TTL_MS,
    };
    try {
      // A failed delivery undoes the claim: the agent's re-send is delivered instead.
      const outcome = await claimOnce(this.redis, claim, () =>
        this.sink.deliver(clusterId, notification),
      );
      if (!outcome.claimed) return 'duplicate';
      return outcome.result === 'dropped' ? 'dropped' : 'delivered';
    } catch {
      return 'failed';
    }
  }
}
