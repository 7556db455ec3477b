/**
 * The audit log: one sorted set per cluster (and one for the hub's own entries, which name no
 * cluster), each scored by time and capped on its own, plus a global index holding every
 * entry of every log. A cluster that writes a lot — a busy one, or an agent taken over that
 * sends forged notifications — only pushes out its own history: each log is trimmed by its
 * own cap, and what is trimmed from a log leaves the index in the same script, so the index
 * is exactly the union of the logs and needs no cap of its own.
 *
 * Entries carry a random suffix so two identical entries in the same millisecond are both
 * kept. Production Redis runs with AOF so the log survives restarts.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AuditEntry, AuditLog, AuditQuery } from '../ports.js';
import type { RedisKeys } from '../redis/keys.js';

export const MAX_ENTRIES_PER_LOG = 100_000;

/**
 * Records an entry in its cluster's log and the global index, each capped.
 * KEYS[1] the entry's own log (a cluster's, or the hub's); KEYS[2] the global index.
 * ARGV[1] the score (epoch ms); ARGV[2] the member (the entry, JSON); ARGV[3] the cap per log.
 * Exported for scripts that record an entry as part of their own work (store/finish-script.ts).
 */
export const RECORD_AUDIT = `
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
if excess > 0 then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, excess - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1)
  for i = 1, #oldest, 500 do
    redis.call('ZREM', KEYS[2], unpack(oldest, i, math.min(i + 499, #oldest)))
  end
end
return 1`;

export class RedisAuditLog implements AuditLog {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly maxPerLog = MAX_ENTRIES_PER_LOG,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    const { keys, argv } = this.recordArgs(entry);
    await this.redis.eval(RECORD_AUDIT, 2, ...keys, ...argv);
  }

  /** RECORD_AUDIT's keys and arguments for `entry`: what record() runs, for a script that runs it. */
  recordArgs(entry: AuditEntry): { keys: [string, string]; argv: [string, string, string] } {
    const member = JSON.stringify({ ...entry, _: randomUUID() });
    return {
      keys: [this.#log(entry.clusterId), this.keys.audit],
      argv: [String(entry.at), member, String(this.maxPerLog)],
    };
  }

  /** Newest first; `before` (epoch ms, exclusive) pages back in time; `clusterId` reads one log. */
  async list(options: AuditQuery = {}): Promise<AuditEntry[]> {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 1_000);
    const max = options.before === undefined ? '+inf' : `(${options.before}`;
    const key = options.clusterId === undefined ? this.keys.audit : this.#log(options.clusterId);
    const members = await this.redis.zrevrangebyscore(key, max, '-inf', 'LIMIT', 0, limit);
    return members.map((member) => {
      const { _: _unique, ...entry } = JSON.parse(member) as AuditEntry & { _: string };
      return entry;
    });
  }

  #log(clusterId: string | undefined): string {
    return clusterId === undefined ? this.keys.auditHub : this.keys.auditCluster(clusterId);
  }
}
