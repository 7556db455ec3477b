import type { Redis } from 'ioredis';
import { setOnce } from '../../redis/claim-once.js';
import type { OutboxState } from '../outbox/outbox-state.js';
import {
  type ClusterBudget,
  type Lane,
  methodLimit,
  PER_CHANNEL_INTERVAL_MS,
} from '../outbox/rate-limits.js';
import type { MessageContent, MessageRef } from '../outbox/types.js';
import type { SlackKeys } from './slack-keys.js';

/**
 * Acquires a slot atomically: 0 when the call may go now, else how long to wait (ms). The
 * pause and the channel slot hold epoch-ms instants computed from the caller's clock, so the
 * schedule is the limiter's own, not Redis's expiry timers; their TTLs only clean up.
 * KEYS[1] the method's pause; KEYS[2] the channel's slot; KEYS[3] the method's minute window.
 * ARGV[1] now (epoch ms); ARGV[2] the channel interval ms; ARGV[3] this lane's limit per minute;
 * ARGV[4] ms until the window ends; ARGV[5] '1' when the method is limited per channel (else
 * KEYS[2] is a placeholder under the prefix, never read or written).
 * Returns 0 (go now) or the ms to wait.
 */
const ACQUIRE_SLOT_SCRIPT = `
local now = tonumber(ARGV[1])
local paused = tonumber(redis.call('GET', KEYS[1]) or '0')
if paused > now then return paused - now end
if ARGV[5] == '1' then
  local free = tonumber(redis.call('GET', KEYS[2]) or '0')
  if free > now then return free - now end
end
local count = redis.call('INCR', KEYS[3])
if count == 1 then redis.call('PEXPIRE', KEYS[3], 61000) end
if count > tonumber(ARGV[3]) then
  redis.call('DECR', KEYS[3])
  return tonumber(ARGV[4])
end
if ARGV[5] == '1' then
  local interval = tonumber(ARGV[2])
  redis.call('SET', KEYS[2], now + interval, 'PX', interval + 60000)
end
return 0
`;

/**
 * Pauses a method until an instant (Slack said 429 with Retry-After), never shortening a longer
 * pause. KEYS[1] the method's pause. ARGV[1] until (epoch ms); ARGV[2] now (epoch ms).
 * Returns the instant the method is paused until.
 */
const PAUSE_SCRIPT = `
local untilMs = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current >= untilMs then return current end
redis.call('SET', KEYS[1], untilMs, 'PX', math.max(1, untilMs - tonumber(ARGV[2])) + 60000)
return untilMs
`;

/**
 * Per-cluster fair queuing of notifications (GCRA): each notification of a cluster gets the
 * next instant of that cluster's schedule — the first `burst` at once, then one per
 * 60 s / perMinute — and waits (a delayed job) until then. A cluster sending thousands only
 * delays its own; another cluster's next notification is due at once and waits behind at
 * most one burst. Past `maxBacklogMs` of schedule, -1: over budget, not queued.
 * KEYS[1] the cluster's schedule (its theoretical arrival time). ARGV[1] now (epoch ms);
 * ARGV[2] the interval between notifications (ms); ARGV[3] the burst; ARGV[4] the longest
 * backlog (ms).
 * Returns the ms to wait before handling this notification (0: at once), or -1: over budget.
 */
const SCHEDULE_NOTIFICATION_SCRIPT = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local delay = tat - (tonumber(ARGV[3]) - 1) * interval - now
if delay < 0 then delay = 0 end
if delay > tonumber(ARGV[4]) then return -1 end
redis.call('SET', KEYS[1], tat + interval, 'PX', math.ceil(tat + interval - now) + 60000)
return delay
`;

/** Posted messages are remembered this long (updates and duplicates look them up). */
const POSTED_TTL_SECONDS = 30 * 86_400;
const LATEST_TTL_SECONDS = 86_400;

/** The outbox's Redis state: what was posted, pending uncertain attempts, pacing. */
export class RedisOutboxStore implements OutboxState {
  constructor(
    private readonly redis: Redis,
    private readonly keys: SlackKeys,
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
