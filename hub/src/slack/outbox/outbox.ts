import { createHash } from 'node:crypto';
import { type ConnectionOptions, type JobsOptions, Queue } from 'bullmq';
import type { ResolvedSlackConfig } from '../config.js';
import type { OutboxStore } from './store.js';
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

/**
 * The enqueue side of the Slack outbox. Everything the hub says in Slack goes through
 * here, so it is paced within Slack's limits, retried with backoff, survives a restart
 * (the queue lives in Redis) and is never posted twice.
 */
export class SlackOutbox {
  readonly queue: Queue;

  constructor(
    connection: ConnectionOptions,
    private readonly config: ResolvedSlackConfig['outbox'],
    private readonly store: OutboxStore,
  ) {
    this.queue = new Queue(config.queueName, {
      connection,
      prefix: config.prefix,
      defaultJobOptions: this.retrying(),
    });
  }

  /** Posts a new message once per `key` (re-posting with the same key is a no-op). */
  async post(key: string, to: Destination, content: MessageContent): Promise<void> {
    const data: PostJob = { key, to, content };
    await this.queue.add(JOB.post, data, { ...this.retrying(), jobId: `post-${digest(key)}` });
  }

  /** Replaces a message; updates of one message coalesce and the latest content wins. */
  async update(target: UpdateTarget, content: MessageContent): Promise<void> {
    const coalesceId = targetId(target);
    await this.store.setLatest(coalesceId, content);
    const data: UpdateJob = { target, coalesceId };
    await this.queue.add(JOB.update, data, {
      ...this.retrying(),
      // One pending job per message; one more is queued if it is already being sent.
      deduplication: { id: `update:${digest(coalesceId)}`, keepLastIfActive: true },
    });
  }

  async ephemeral(channel: string, user: string, content: MessageContent): Promise<void> {
    const data: EphemeralJob = { channel, user, content };
    await this.queue.add(JOB.ephemeral, data, this.retrying());
  }

  /** Re-publishes a user's App Home; refreshes coalesce. */
  async refreshHome(userId: string, notice?: string): Promise<void> {
    const data: HomeJob = notice === undefined ? { userId } : { userId, notice };
    await this.queue.add(JOB.home, data, {
      ...this.retrying(),
      deduplication: { id: `home:${userId}`, keepLastIfActive: true },
    });
  }

  /** Queues an agent notification; its key (cluster-scoped: notificationMessageKey) makes it a message at most once. */
  async deliver(notificationKey: string, data: DeliverJob): Promise<void> {
    await this.queue.add(JOB.deliver, data, {
      ...this.retrying(),
      jobId: `deliver-${digest(notificationKey)}`,
    });
  }

  async close(): Promise<void> {
    await this.queue.close();
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
