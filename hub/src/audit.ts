/**
 * The audit log, in a sorted set scored by time. Entries carry a random suffix so two
 * identical entries in the same millisecond are both kept. Trimmed to a bounded size
 * because Redis is memory; production Redis runs with AOF so the log survives restarts.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AuditEntry, AuditLog } from './ports.js';
import type { RedisKeys } from './redis/keys.js';

const MAX_ENTRIES = 100_000;

export class RedisAuditLog implements AuditLog {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    const member = JSON.stringify({ ...entry, _: randomUUID() });
    await this.redis
      .multi()
      .zadd(this.keys.audit, entry.at, member)
      .zremrangebyrank(this.keys.audit, 0, -this.maxEntries - 1)
      .exec();
  }

  /** Newest first; `before` (epoch ms, exclusive) pages back in time. */
  async list(options: { limit?: number; before?: number } = {}): Promise<AuditEntry[]> {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 1_000);
    const max = options.before === undefined ? '+inf' : `(${options.before}`;
    const members = await this.redis.zrevrangebyscore(
      this.keys.audit,
      max,
      '-inf',
      'LIMIT',
      0,
      limit,
    );
    return members.map((member) => {
      const { _: _unique, ...entry } = JSON.parse(member) as AuditEntry & { _: string };
      return entry;
    });
  }
}
