import type { Redis } from 'ioredis';
import { setOnce } from '../../redis/claim-once.js';
import type { SlackKeys } from '../store/slack-keys.js';
import {
  ACQUIRE_SLOT_SCRIPT,
  type ClusterBudget,
  type Lane,
  methodLimit,
  PAUSE_SCRIPT,
  PER_CHANNEL_INTERVAL_MS,
  SCHEDULE_NOTIFICATION_SCRIPT,
} from './rate-limits.js';
import type { MessageContent, MessageRef } from './types.js';

/** Posted messages are remembered this long (updates and duplicates look them up). */
const POSTED_TTL_SECONDS = 30 * 86_400;
const LATEST_TTL_SECONDS = 86_400;

/** The outbox's Redis state: what was posted, pending uncertain attempts, pacing. */
export class OutboxStore {
  constructor(
    private readonly redis: Redis,
    readonly keys: SlackKeys,
  ) {}

  async posted(key: string): Promise<MessageRef | null> {
    const raw = await this.redis.get(this.keys.posted(key));
    return raw === null ? null : (JSON.parse(raw) as MessageRef);
  }

  async recordPosted(key: string, ref: MessageRef): Promise<void> {
    await this.redis
      .multi()
      .set(this.keys.posted(key), JSON.stringify(ref), 'EX', POSTED_TTL_SECONDS)
      .del(this.keys.attempt(key))
      .exec();
  }

  /** When a post whose outcome is unknown was sent (epoch ms), if one was. */
  async uncertainAttempt(key: string): Promise<number | null> {
    const raw = await this.redis.get(this.keys.attempt(key));
    return raw === null ? null : Number(raw);
  }

  /** Written BEFORE the call: if we never learn the outcome, the retry must look first. */
  async markAttempt(key: string, at: number): Promise<void> {
    // Keep the earliest time: the history search must reach back to the first try.
    await setOnce(this.redis, this.keys.attempt(key), String(at), POSTED_TTL_SECONDS * 1000);
  }

  /** Slack answered and did not post (429, a refusal): nothing to reconcile. */
  async clearAttempt(key: string): Promise<void> {
    await this.redis.del(this.keys.attempt(key));
  }

  /** Stores the newest content for a message with an increasing version. */
  async setLatest(coalesceId: string, content: MessageContent): Promise<void> {
    const key = this.keys.latest(coalesceId);
    const version = await this.redis.incr(`${key}:version`);
    await this.redis
      .multi()
      .expire(`${key}:version`, LATEST_TTL_SECONDS)
      .set(key, JSON.stringify({ version, content }), 'EX', LATEST_TTL_SECONDS)
      .exec();
  }

  /** The newest content, unless that version was already sent. */
  async unsent(coalesceId: string): Promise<{ version: number; content: MessageContent } | null> {
    const key = this.keys.latest(coalesceId);
    const [raw, sent] = await this.redis.mget(key, `${key}:sent`);
    if (raw === null || raw === undefined) return null;
    const latest = JSON.parse(raw) as { version: number; content: MessageContent };
    return Number(sent ?? 0) >= latest.version ? null : latest;
  }

  async markSent(coalesceId: string, version: number): Promise<void> {
    await this.redis.set(
      `${this.keys.latest(coalesceId)}:sent`,
      String(version),
      'EX',
      LATEST_TTL_SECONDS,
    );
  }

  /** Slack said 429: nobody calls this method until Retry-After (`ms` after `now`) has passed. */
  async pauseMethod(method: string, ms: number, now: number): Promise<void> {
    await this.redis.eval(
      PAUSE_SCRIPT,
      1,
      this.keys.pause(method),
      String(now + Math.max(1, Math.ceil(ms))),
      String(now),
    );
  }

  /**
   * 0 when `method` may be called at `now` (for `channel`), else how many ms to wait.
   * Notifications get only their share of each minute; replies may use all of it.
   */
  async acquire(
    method: string,
    channel: string | undefined,
    now: number,
    lane: Lane = 'reply',
  ): Promise<number> {
    const interval = PER_CHANNEL_INTERVAL_MS[method];
    const perChannel = interval !== undefined && channel !== undefined;
    // Always a real key under the prefix, even when unused: Redis Cluster routes a script by
    // its keys and refuses keys of different slots (an empty name is a slot of its own).
    const channelKey = this.keys.channelSlot(perChannel ? channel : '-');
    const minute = Math.floor(now / 60_000);
    const wait = await this.redis.eval(
      ACQUIRE_SLOT_SCRIPT,
      3,
      this.keys.pause(method),
      channelKey,
      this.keys.methodWindow(method, minute),
      String(now),
      String(interval ?? 0),
      String(methodLimit(method, lane)),
      String((minute + 1) * 60_000 - now),
      perChannel ? '1' : '0',
    );
    return Number(wait);
  }

  /**
   * When a cluster's next notification may be handled: ms from `now` (0: at once), or null
   * when the cluster has queued more than its budget allows.
   */
  async scheduleNotification(
    clusterId: string,
    now: number,
    budget: ClusterBudget,
  ): Promise<number | null> {
    const delay = Number(
      await this.redis.eval(
        SCHEDULE_NOTIFICATION_SCRIPT,
        1,
        this.keys.notificationSchedule(clusterId),
        String(now),
        String(60_000 / budget.perMinute),
        String(budget.burst),
        String(budget.maxBacklogMs),
      ),
    );
    return delay < 0 ? null : delay;
  }

  async dmChannel(userId: string): Promise<string | null> {
    return this.redis.get(this.keys.dmChannel(userId));
  }

  async recordDmChannel(userId: string, channel: string): Promise<void> {
    await this.redis.set(this.keys.dmChannel(userId), channel, 'EX', POSTED_TTL_SECONDS);
  }
}
