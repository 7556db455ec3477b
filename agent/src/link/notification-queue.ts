import { timestampMs } from '@bufbuild/protobuf/wkt';
import type { Notification } from '@curfew/proto';

export interface QueueHooks {
  onDrop?: (notification: Notification, why: 'stale' | 'overflow') => void;
  /**
   * The hub acknowledged these ids, or they were dropped: nothing more will be sent for them.
   * The agent's outbox removes their persisted entries from the namespaces.
   */
  onSettled?: (ids: string[]) => void;
}

/**
 * Notifications wait here until the hub acknowledges them. The hub may be away for a while
 * (schedules keep running locally), so every unacknowledged notification is sent again on
 * each reconnect — the hub sends at most one Slack message per id — and one past its
 * `stale_after` is dropped instead: a "shutdown in 15 minutes" arriving after the shutdown
 * only confuses. The queue itself is memory: what an action owes the owner is also persisted on
 * its namespace (the outbox) until settled here, so a restarted agent sends it again.
 */
export class NotificationQueue {
  private readonly pending = new Map<string, Notification>();

  constructor(
    private readonly limit = 10_000,
    private readonly hooks: QueueHooks = {},
  ) {}

  push(notification: Notification): void {
    this.pending.delete(notification.id);
    this.pending.set(notification.id, notification);
    while (this.pending.size > this.limit) {
      const oldest = this.pending.values().next().value as Notification;
      this.pending.delete(oldest.id);
      this.hooks.onDrop?.(oldest, 'overflow');
      this.hooks.onSettled?.([oldest.id]);
    }
  }

  /** Unacknowledged, still fresh notifications, oldest first; stale ones are dropped. */
  deliverable(now: number): Notification[] {
    const out: Notification[] = [];
    const dropped: string[] = [];
    for (const notification of [...this.pending.values()]) {
      if (notification.staleAfter && timestampMs(notification.staleAfter) < now) {
        this.pending.delete(notification.id);
        this.hooks.onDrop?.(notification, 'stale');
        dropped.push(notification.id);
        continue;
      }
      out.push(notification);
    }
    if (dropped.length > 0) this.hooks.onSettled?.(dropped);
    return out;
  }

  ack(ids: readonly string[]): void {
    const settled = ids.filter((id) => this.pending.delete(id));
    if (settled.length > 0) this.hooks.onSettled?.(settled);
  }

  get size(): number {
    return this.pending.size;
  }

  ids(): string[] {
    return [...this.pending.keys()];
  }
}
