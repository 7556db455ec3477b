import { timestampMs } from '@bufbuild/protobuf/wkt';
import type { Notification } from '@curfew/proto';

/**
 * Notifications wait here until the hub acknowledges them. The hub may be away for a while
 * (schedules keep running locally), so every unacknowledged notification is sent again on
 * each reconnect — the hub sends at most one Slack message per id — and one past its
 * `stale_after` is dropped instead: a "shutdown in 15 minutes" arriving after the shutdown
 * only confuses. Memory-only by design: after an agent restart the decisions that produced
 * them run again from the annotations, and reminders carry deterministic ids.
 */
export class NotificationQueue {
  private readonly pending = new Map<string, Notification>();

  constructor(
    private readonly limit = 10_000,
    private readonly onDrop: (n: Notification, why: 'stale' | 'overflow') => void = () => {},
  ) {}

  push(notification: Notification): void {
    this.pending.delete(notification.id);
    this.pending.set(notification.id, notification);
    while (this.pending.size > this.limit) {
      const oldest = this.pending.values().next().value as Notification;
      this.pending.delete(oldest.id);
      this.onDrop(oldest, 'overflow');
    }
  }

  /** Unacknowledged, still fresh notifications, oldest first; stale ones are dropped. */
  deliverable(now: number): Notification[] {
    const out: Notification[] = [];
    for (const notification of [...this.pending.values()]) {
      if (notification.staleAfter && timestampMs(notification.staleAfter) < now) {
        this.pending.delete(notification.id);
        this.onDrop(notification, 'stale');
        continue;
      }
      out.push(notification);
    }
    return out;
  }

  ack(ids: readonly string[]): void {
    for (const id of ids) this.pending.delete(id);
  }

  get size(): number {
    return this.pending.size;
  }

  ids(): string[] {
    return [...this.pending.keys()];
  }
}
