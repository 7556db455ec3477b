import { toJson } from '@bufbuild/protobuf';
import { type Notification, NotificationSchema } from '@curfew/proto';
import type { NotificationSink } from '../../ports.js';
import type { Logger } from '../logger.js';
import type { SlackOutbox } from '../outbox/outbox.js';
import { notificationMessageKey } from './message-key.js';

/** A flooding cluster is logged at most this often (its drops are counted in between). */
const DROP_LOG_INTERVAL_MS = 60_000;

/**
 * The hub's NotificationSink: only enqueues (Redis), so the agent stream is never held up
 * by Slack; resolving the owner and posting happen in the outbox. A cluster over its
 * notification budget has the notification dropped (and logged, once a minute per cluster).
 */
export class SlackNotificationSink implements NotificationSink {
  readonly #dropped = new Map<string, { count: number; loggedAt: number }>();

  constructor(
    private readonly outbox: SlackOutbox,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  async deliver(clusterId: string, notification: Notification): Promise<undefined | 'dropped'> {
    if (notification.id === '')
      throw new Error('notification without an id cannot be delivered at most once');
    const queued = await this.outbox.deliver(notificationMessageKey(clusterId, notification.id), {
      clusterId,
      notification: toJson(NotificationSchema, notification),
    });
    if (queued === 'queued') return undefined;
    this.#noteDrop(clusterId);
    return 'dropped';
  }

  #noteDrop(clusterId: string): void {
    const now = this.now();
    const seen = this.#dropped.get(clusterId) ?? { count: 0, loggedAt: 0 };
    seen.count += 1;
    this.#dropped.set(clusterId, seen);
    if (now - seen.loggedAt < DROP_LOG_INTERVAL_MS) return;
    this.logger.warn(
      { clusterId, dropped: seen.count },
      'cluster is over its Slack notification budget; notifications dropped (see outbox.clusterNotification* settings)',
    );
    seen.count = 0;
    seen.loggedAt = now;
  }
}
