import { toJson } from '@bufbuild/protobuf';
import { type Notification, NotificationSchema } from '@curfew/proto';
import type { NotificationSink } from '../../ports.js';
import type { SlackOutbox } from '../outbox/outbox.js';
import { notificationMessageKey } from './message-key.js';

/**
 * The hub's NotificationSink: only enqueues (Redis), so the agent stream is never held up
 * by Slack; resolving the owner and posting happen in the outbox.
 */
export class SlackNotificationSink implements NotificationSink {
  constructor(private readonly outbox: SlackOutbox) {}

  async deliver(clusterId: string, notification: Notification): Promise<void> {
    if (notification.id === '')
      throw new Error('notification without an id cannot be delivered at most once');
    await this.outbox.deliver(notificationMessageKey(clusterId, notification.id), {
      clusterId,
      notification: toJson(NotificationSchema, notification),
    });
  }
}
