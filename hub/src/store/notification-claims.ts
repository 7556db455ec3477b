/**
 * The once-per-notification-id markers (`notif:` for delivery, `notif-audit:` for the audit of
 * an agent's own action), through claimOnce: SET NX, and deleted again when the work fails.
 */
import type { Redis } from 'ioredis';
import type { ClaimOutcome, NotificationClaims } from '../ports.js';
import { claimOnce } from '../redis/claim-once.js';
import type { RedisKeys } from '../redis/keys.js';

/** Longer than any agent keeps re-sending an unacknowledged notification. */
const MARKER_TTL_MS = 7 * 86_400_000;

export class RedisNotificationClaims implements NotificationClaims {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  deliverOnce<T>(
    clusterId: string,
    notificationId: string,
    at: number,
    work: () => Promise<T>,
  ): Promise<ClaimOutcome<T>> {
    const key = this.keys.notification(clusterId, notificationId);
    return claimOnce(this.redis, { key, value: String(at), ttlMs: MARKER_TTL_MS }, work);
  }

  auditOnce<T>(
    clusterId: string,
    notificationId: string,
    at: number,
    work: () => Promise<T>,
  ): Promise<ClaimOutcome<T>> {
    const key = this.keys.notificationAudit(clusterId, notificationId);
    return claimOnce(this.redis, { key, value: String(at), ttlMs: MARKER_TTL_MS }, work);
  }
}
