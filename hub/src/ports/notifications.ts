/** Notifications from agents: where they go, and the markers that make each count once. */
import type { Notification } from '@curfew/proto';

/** Where notifications from agents go after de-duplication by notification id. */
export interface NotificationSink {
  /**
   * 'dropped': not delivered on purpose (the cluster is over its notification budget); the
   * agent is acknowledged all the same, re-sending would only add to the flood.
   */
  deliver(clusterId: string, notification: Notification): Promise<undefined | 'dropped'>;
}

export type ClaimOutcome<T> = { claimed: true; result: T } | { claimed: false };

/**
 * "Once per notification id, across every replica" (agents re-send until acknowledged). Each
 * runs `work` only for the first claimer; when `work` throws the claim is released, so the
 * agent's re-send does it instead of it being lost. Delivery and audit are separate claims:
 * a delivery may fail and be retried while the action itself was already audited.
 */
export interface NotificationClaims {
  deliverOnce<T>(
    clusterId: string,
    notificationId: string,
    at: number,
    work: () => Promise<T>,
  ): Promise<ClaimOutcome<T>>;
  auditOnce<T>(
    clusterId: string,
    notificationId: string,
    at: number,
    work: () => Promise<T>,
  ): Promise<ClaimOutcome<T>>;
}
