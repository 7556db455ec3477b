import type { Redis } from 'ioredis';
import type { UnreachableOwner, UnreachableOwners } from '../../ports.js';
import type { SlackKeys } from './slack-keys.js';

/** Namespaces whose owner Slack cannot reach: a hash `cluster/namespace` → `{reason, since}`. */
export class RedisUnreachableOwners implements UnreachableOwners {
  constructor(
    private readonly redis: Redis,
    private readonly keys: SlackKeys,
  ) {}

  /** Keeps the first failure's time: operators need to know how long nobody has been told. */
  async record(namespace: string, reason: string, at: number): Promise<void> {
    const previous = await this.redis.hget(this.keys.unreachable(), namespace);
    const since = previous ? (JSON.parse(previous) as { since: number }).since : at;
    await this.redis.hset(this.keys.unreachable(), namespace, JSON.stringify({ reason, since }));
  }

  async clear(namespace: string): Promise<void> {
    await this.redis.hdel(this.keys.unreachable(), namespace);
  }

  async list(): Promise<UnreachableOwner[]> {
    const all = await this.redis.hgetall(this.keys.unreachable());
    return Object.entries(all)
      .map(([namespace, raw]) => ({
        namespace,
        ...(JSON.parse(raw) as { reason: string; since: number }),
      }))
      .sort((a, b) => a.namespace.localeCompare(b.namespace));
  }
}
