/**
 * Each cluster's namespaces as its agent last reported them: a hash per cluster, field =
 * namespace, value = "<seen at ms>|<base64 NamespaceSummary>". Implements the
 * NamespaceDirectory port for the API and the Slack side.
 *
 * A snapshot is applied only while the sending stream still holds the cluster's presence
 * (checked in the same Lua call), so a replaced stream that is still draining cannot
 * overwrite what the newer one reported.
 *
 * Within one stream, a snapshot whose sequence is not above the last applied one is stale
 * and dropped. The sequence counts per agent process, and the hub cannot tell a reconnect
 * of the same process from a restarted one (which starts over at 1), so the comparison is
 * scoped to the stream: every Hello opens a new epoch. Across streams the presence fence
 * above already keeps the older stream out. Sequence 0 means "not numbered" and is applied.
 */
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { type NamespaceSummary, NamespaceSummarySchema, type Snapshot } from '@curfew/proto';
import type { Redis } from 'ioredis';
import { stateName } from '../namespace-states.js';
import type { ClusterNamespace, NamespaceFilter, SnapshotResult, SnapshotStore } from '../ports.js';
import type { RedisKeys } from '../redis/keys.js';

/**
 * Applies an agent's snapshot, fenced by presence and ordered by sequence.
 * KEYS[1] presence:<cluster>; KEYS[2] snapshot:<cluster> (hash namespace → summary);
 * KEYS[3] the last applied (stream, sequence) of the cluster.
 * ARGV[1] the sending stream id; ARGV[2] its sequence ('0': unordered); ARGV[3] '1' for a full
 * snapshot (replaces everything); ARGV[4] n, the number of upserts; then n (namespace, summary)
 * pairs; then the namespaces removed.
 * Returns 1 applied, 0 fenced (the stream no longer holds the cluster), 2 stale (an older
 * sequence of the same stream). Sequences are uint64 decimal strings, compared by length then
 * text: Lua numbers are doubles and would lose precision past 2^53.
 */
const APPLY = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local seq = ARGV[2]
if seq ~= '0' then
  local last = redis.call('HMGET', KEYS[3], 'stream', 'seq')
  if last[1] == ARGV[1] and last[2] then
    local older = #seq < #last[2] or (#seq == #last[2] and seq <= last[2])
    if older then return 2 end
  end
  redis.call('HSET', KEYS[3], 'stream', ARGV[1], 'seq', seq)
end
if ARGV[3] == '1' then redis.call('DEL', KEYS[2]) end
local upserts = tonumber(ARGV[4])
local i = 5
for _ = 1, upserts do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
  i = i + 2
end
while i <= #ARGV do
  redis.call('HDEL', KEYS[2], ARGV[i])
  i = i + 1
end
return 1`;

const RESULTS: Record<number, SnapshotResult> = { 0: 'fenced', 1: 'applied', 2: 'stale' };

function encode(summary: NamespaceSummary, seenAt: number): string {
  return `${seenAt}|${Buffer.from(toBinary(NamespaceSummarySchema, summary)).toString('base64')}`;
}

function decode(clusterId: string, value: string): ClusterNamespace | null {
  const bar = value.indexOf('|');
  if (bar < 0) return null;
  return {
    clusterId,
    seenAt: Number(value.slice(0, bar)),
    summary: fromBinary(NamespaceSummarySchema, Buffer.from(value.slice(bar + 1), 'base64')),
  };
}

export class RedisSnapshotStore implements SnapshotStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async apply(
    clusterId: string,
    streamId: string,
    snapshot: Snapshot,
    now: number,
  ): Promise<SnapshotResult> {
    const args: string[] = [
      streamId,
      snapshot.sequence.toString(),
      snapshot.full ? '1' : '0',
      String(snapshot.namespaces.length),
    ];
    for (const summary of snapshot.namespaces) args.push(summary.name, encode(summary, now));
    args.push(...snapshot.removed);
    const applied = await this.redis.eval(
      APPLY,
      3,
      this.keys.presence(clusterId),
      this.keys.snapshot(clusterId),
      this.keys.snapshotSequence(clusterId),
      ...args,
    );
    return RESULTS[Number(applied)] ?? 'fenced';
  }

  /** Whether the cluster's agent has reported this namespace (and not removed it since). */
  async has(clusterId: string, namespace: string): Promise<boolean> {
    return (await this.redis.hexists(this.keys.snapshot(clusterId), namespace)) === 1;
  }

  async find(namespace: string, clusterId?: string): Promise<ClusterNamespace[]> {
    const clusterIds = clusterId ? [clusterId] : await this.#clusterIds();
    const pipeline = this.redis.pipeline();
    for (const id of clusterIds) pipeline.hget(this.keys.snapshot(id), namespace);
    const replies = (await pipeline.exec()) ?? [];
    const found: ClusterNamespace[] = [];
    replies.forEach(([, value], index) => {
      const id = clusterIds[index];
      if (typeof value === 'string' && id) {
        const entry = decode(id, value);
        if (entry) found.push(entry);
      }
    });
    return found;
  }

  async list(filter: NamespaceFilter = {}): Promise<ClusterNamespace[]> {
    const clusterIds = filter.clusterId ? [filter.clusterId] : await this.#clusterIds();
    const pipeline = this.redis.pipeline();
    for (const id of clusterIds) pipeline.hgetall(this.keys.snapshot(id));
    const replies = (await pipeline.exec()) ?? [];
    const found: ClusterNamespace[] = [];
    replies.forEach(([, hash], index) => {
      const id = clusterIds[index];
      if (!id) return;
      for (const value of Object.values((hash ?? {}) as Record<string, string>)) {
        const entry = decode(id, value);
        if (entry && matches(entry.summary, filter)) found.push(entry);
      }
    });
    return found.sort(
      (a, b) =>
        a.clusterId.localeCompare(b.clusterId) || a.summary.name.localeCompare(b.summary.name),
    );
  }

  async #clusterIds(): Promise<string[]> {
    return (await this.redis.smembers(this.keys.clusters)).sort();
  }
}

function matches(summary: NamespaceSummary, filter: NamespaceFilter): boolean {
  if (filter.owner && summary.owner.toLowerCase() !== filter.owner.toLowerCase()) return false;
  if (filter.state && stateName(summary.state) !== filter.state) return false;
  return true;
}
