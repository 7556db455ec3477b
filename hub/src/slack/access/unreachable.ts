import type { Redis } from 'ioredis';
import type { SlackKeys } from '../keys.js';

export interface UnreachableOwner {
  /** `clusterId/namespace`. */
  namespace: string;
  reason: string;
  since: number;
}

/** Namespaces whose owner Slack cannot reach (SPEC: "Unreachable owners are listed by the API"). */
export class UnreachableOwners {
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
