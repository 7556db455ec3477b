/**
 * Which replica holds each cluster's stream, as `presence:<cluster>` = stream id with a TTL.
 *
 * Refresh and release compare the stored stream id first (in Lua, atomically): a replica
 * whose stream was replaced elsewhere must not extend or delete the newer holder's entry.
 */
import type { Redis } from 'ioredis';
import type { Presence } from '../ports.js';
import type { RedisKeys } from '../redis/keys.js';

/**
 * A stream takes the cluster (the newest stream always wins: the agent reconnected).
 * KEYS[1] presence:<cluster>. ARGV[1] the new stream id; ARGV[2] the TTL in ms.
 * Returns the stream id it replaced, or nil.
 */
const CLAIM = `
local previous = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return previous`;

/**
 * A heartbeat extends the presence only for the stream that holds it.
 * KEYS[1] presence:<cluster>. ARGV[1] the refreshing stream id; ARGV[2] the TTL in ms.
 * Returns 1 when extended, 0 when another stream holds the cluster (or nobody does).
 */
const REFRESH = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

/**
 * A closing stream removes the presence only when it still holds it.
 * KEYS[1] presence:<cluster>. ARGV[1] the closing stream id.
 * Returns 1 when deleted, 0 when another stream holds the cluster.
 */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

export class RedisPresence implements Presence {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** Takes the cluster for this stream; returns the stream id it replaced, if any. */
  async claim(clusterId: string, streamId: string, ttlMs: number): Promise<string | null> {
    const previous = await this.redis.eval(
      CLAIM,
      1,
      this.keys.presence(clusterId),
      streamId,
      String(ttlMs),
    );
    return typeof previous === 'string' && previous !== streamId ? previous : null;
  }

  /** False when another stream holds the cluster now (or the entry expired). */
  async refresh(clusterId: string, streamId: string, ttlMs: number): Promise<boolean> {
    const ok = await this.redis.eval(
      REFRESH,
      1,
      this.keys.presence(clusterId),
      streamId,
      String(ttlMs),
    );
    return ok === 1;
  }

  async release(clusterId: string, streamId: string): Promise<boolean> {
    const ok = await this.redis.eval(RELEASE, 1, this.keys.presence(clusterId), streamId);
    return ok === 1;
  }

  async holder(clusterId: string): Promise<string | null> {
    return this.redis.get(this.keys.presence(clusterId));
  }

  async holders(clusterIds: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (clusterIds.length === 0) return found;
    const values = await this.redis.mget(clusterIds.map((id) => this.keys.presence(id)));
    clusterIds.forEach((id, index) => {
      const value = values[index];
      if (value) found.set(id, value);
    });
    return found;
  }
}
