import { createHash } from 'node:crypto';
import type { Clock } from '@curfew/core';
import { type ConnectionOptions, type JobsOptions, Queue } from 'bullmq';
import type { ResolvedSlackConfig } from '../config.js';
import type { OutboxState } from './outbox-state.js';
import type { ClusterBudget, Lane } from './rate-limits.js';
import {
  type DeliverJob,
  type Destination,
  type EphemeralJob,
  type HomeJob,
  JOB,
  type MessageContent,
  type PostJob,
  type UpdateJob,
  type UpdateTarget,
} from './types.js';

/** The BullMQ queue of each lane. */
export function laneQueueName(config: ResolvedSlackConfig['outbox'], lane: Lane): string {
  return lane === 'reply' ? config.queueName : `${config.queueName}-notifications`;
}

/**
 * The enqueue side of the Slack outbox. Everything the hub says in Slack goes through
 * here, so it is paced within Slack's limits, retried with backoff, survives a restart
 * (the queues live in Redis) and is never posted twice.
 *
 * Two lanes, each its own queue and worker: replies to Slack requests (progress, outcomes,
 * refusals, App Home) never wait behind notifications from agents, however many there are.
 * Notifications are queued fairly per cluster (`deliver`): each cluster's are spread over its
 * own schedule, so one cluster's flood delays only itself.
 */
export class SlackOutbox {
  readonly queues: Readonly<Record<Lane, Queue>>;

  constructor(
    connection: ConnectionOptions,
    private readonly config: ResolvedSlackConfig['outbox'],
    private readonly store: OutboxState,
    private readonly clock: Clock,
  ) {
    const queue = (lane: Lane) =>
      new Queue(laneQueueName(config, lane), {
        connection,
        prefix: config.prefix,
        defaultJobOptions: this.retrying(),
      });
    this.queues = { reply: queue('reply'), notification: queue('notification') };
  }

  /**
   * Posts a new message once per `key` (re-posting with the same key is a no-op). Only
   * notifications post new messages; replies update the message that asked.
   */
  async post(key: string, to: Destination, content: MessageContent): Promise<void> {
    const data: PostJob = { key, to, content };
    await this.queues.notification.add(JOB.post, data, {
      ...this.retrying(),
      jobId: `post-${digest(key)}`,
    });
  }

  /**
   * Replaces a message; updates of one message coalesce and the latest content wins. A
   * notification closing an earlier one says so (`lane`), leaving the reply lane to people.
   */
  async update(target: UpdateTarget, content: MessageContent, lane: Lane = 'reply'): Promise<void> {
    const coalesceId = targetId(target);
    await this.store.setLatest(coalesceId, content);
    const data: UpdateJob = { target, coalesceId };
    await this.queues[lane].add(JOB.update, data, {
      ...this.retrying(),
      // One pending job per message; one more is queued if it is already being sent.
      deduplication: { id: `update:${digest(coalesceId)}`, keepLastIfActive: true },
    });
  }

  async ephemeral(channel: string, user: string, content: MessageContent): Promise<void> {
    const data: EphemeralJob = { channel, user, content };
    await this.queues.reply.add(JOB.ephemeral, data, this.retrying());
  }

  /** Re-publishes a user's App Home; refreshes coalesce. */
  async refreshHome(userId: string, notice?: string): Promise<void> {
    const data: HomeJob = notice === undefined ? { userId } : { userId, notice };
    await this.queues.reply.add(JOB.home, data, {
      ...this.retrying(),
      deduplication: { id: `home:${userId}`, keepLastIfActive: true },
    });
  }

  /**
   * Queues an agent notification at its cluster's next free instant; its key
   * (cluster-scoped: notificationMessageKey) makes it a message at most once. 'over-budget':
   * the cluster has queued more than its budget allows, and this one is not queued.
   */
  async deliver(notificationKey: string, data: DeliverJob): Promise<'queued' | 'over-budget'> {
    const delay = await this.store.scheduleNotification(
      data.clusterId,
      this.clock.now(),
      this.budget(),
    );
    if (delay === null) return 'over-budget';
    await this.queues.notification.add(JOB.deliver, data, {
      ...this.retrying(),
      jobId: `deliver-${digest(notificationKey)}`,
      ...(delay > 0 ? { delay } : {}),
    });
    return 'queued';
  }

  async close(): Promise<void> {
    await Promise.all([this.queues.reply.close(), this.queues.notification.close()]);
  }

  private budget(): ClusterBudget {
    return {
      perMinute: this.config.clusterNotificationsPerMinute,
      burst: this.config.clusterNotificationBurst,
      maxBacklogMs: this.config.clusterNotificationBacklogMs,
    };
  }

  private retrying(): JobsOptions {
    return {
      attempts: this.config.attempts,
      backoff: { type: 'exponential', delay: this.config.backoffMs, jitter: 0.5 },
      removeOnComplete: { age: 3_600, count: 10_000 },
      removeOnFail: { age: 7 * 86_400 },
    };
  }
}

export function targetId(target: UpdateTarget): string {
  switch (target.kind) {
    case 'message':
      return `msg:${target.channel}:${target.ts}`;
    case 'posted':
      return `key:${target.key}`;
    case 'response_url':
      return `url:${digest(target.url)}`;
  }
}

/** BullMQ refuses custom job ids containing ":"; a digest is safe and short. */
function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 32);
}
