/**
 * Registered clusters as the admin API and the Slack side see them: the stored record plus
 * live presence. Implements the ClusterRegistry port (ClusterDirectory, ClusterRecords).
 */
import type { ResourcePrices } from '@curfew/core';
import type { Redis } from 'ioredis';
import type {
  AgentHelloFacts,
  ClusterInfo,
  ClusterRecord,
  ClusterRegistry,
  Presence,
  PriceChanges,
} from '../ports.js';
import type { RedisKeys } from '../redis/keys.js';
import { hubOfStream } from '../stream-id.js';

/** Hash fields of the cluster record holding its own prices. */
const PRICE_FIELDS: Record<keyof ResourcePrices, string> = {
  vcpuHour: 'priceVcpuHour',
  gibHour: 'priceGibHour',
};

function overridesOf(hash: Record<string, string>): Partial<ResourcePrices> {
  const overrides: Partial<ResourcePrices> = {};
  for (const [name, field] of Object.entries(PRICE_FIELDS) as [keyof ResourcePrices, string][]) {
    const text = hash[field];
    if (text !== undefined && text !== '' && Number.isFinite(Number(text))) {
      overrides[name] = Number(text);
    }
  }
  return overrides;
}

function toRecord(
  hash: Record<string, string>,
  holder: string | undefined,
  defaults: ResourcePrices,
): ClusterRecord {
  const optionalNumber = (value: string | undefined) =>
    value === undefined || value === '' ? undefined : Number(value);
  const revoked = hash.revoked === '1';
  const lastSeen = optionalNumber(hash.lastSeen);
  const previousUntil = optionalNumber(hash.prevTokenUntil);
  const overrides = overridesOf(hash);
  return {
    id: hash.id ?? '',
    name: hash.name ?? '',
    ...(hash.defaultChannel ? { defaultChannel: hash.defaultChannel } : {}),
    createdAt: Number(hash.createdAt ?? 0),
    revoked,
    connected: holder !== undefined && !revoked,
    ...(holder ? { hubInstance: hubOfStream(holder) } : {}),
    ...(hash.agentVersion ? { agentVersion: hash.agentVersion } : {}),
    ...(hash.agentInstance ? { agentInstance: hash.agentInstance } : {}),
    capabilities: hash.capabilities ? hash.capabilities.split(',').filter(Boolean) : [],
    ...(lastSeen !== undefined ? { lastSeen } : {}),
    ...(previousUntil !== undefined ? { previousTokenValidUntil: previousUntil } : {}),
    prices: { ...defaults, ...overrides },
    priceOverrides: overrides,
  };
}

export class RedisClusterRegistry implements ClusterRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly presence: Presence,
    private readonly defaultPrices: ResourcePrices,
  ) {}

  /** False when the cluster is not registered. */
  async setPrices(clusterId: string, changes: PriceChanges): Promise<boolean> {
    const key = this.keys.cluster(clusterId);
    if (!(await this.redis.hexists(key, 'id'))) return false;
    const multi = this.redis.multi();
    for (const [name, field] of Object.entries(PRICE_FIELDS) as [keyof ResourcePrices, string][]) {
      const change = changes[name];
      if (change === null) multi.hdel(key, field);
      else if (change !== undefined) multi.hset(key, field, String(change));
    }
    await multi.exec();
    return true;
  }

  async record(clusterId: string): Promise<ClusterRecord | null> {
    const [hash, holder] = await Promise.all([
      this.redis.hgetall(this.keys.cluster(clusterId)),
      this.presence.holder(clusterId),
    ]);
    if (!hash.id) return null;
    return toRecord(hash, holder ?? undefined, this.defaultPrices);
  }

  async records(): Promise<ClusterRecord[]> {
    const ids = (await this.redis.smembers(this.keys.clusters)).sort();
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keys.cluster(id));
    const [hashes, holders] = await Promise.all([pipeline.exec(), this.presence.holders(ids)]);
    const records: ClusterRecord[] = [];
    ids.forEach((id, index) => {
      const hash = hashes?.[index]?.[1] as Record<string, string> | undefined;
      if (hash?.id) records.push(toRecord(hash, holders.get(id), this.defaultPrices));
    });
    return records;
  }

  /** Facts from the agent's Hello, kept after it disconnects for "last seen" in the API. */
  async noteConnected(clusterId: string, hello: AgentHelloFacts, at: number): Promise<void> {
    await this.redis.hset(this.keys.cluster(clusterId), {
      agentVersion: hello.agentVersion,
      agentInstance: hello.instanceId,
      capabilities: hello.capabilities.join(','),
      lastSeen: String(at),
    });
  }

  async noteSeen(clusterId: string, at: number): Promise<void> {
    await this.redis.hset(this.keys.cluster(clusterId), 'lastSeen', String(at));
  }

  async get(clusterId: string): Promise<ClusterInfo | null> {
    const record = await this.record(clusterId);
    return record ? toInfo(record) : null;
  }

  async list(): Promise<ClusterInfo[]> {
    return (await this.records()).filter((record) => !record.revoked).map(toInfo);
  }
}

function toInfo(record: ClusterRecord): ClusterInfo {
  return {
    clusterId: record.id,
    name: record.name,
    connected: record.connected,
    ...(record.lastSeen === undefined ? {} : { lastSeen: record.lastSeen }),
    prices: record.prices,
    ...(record.defaultChannel ? { defaultChannel: record.defaultChannel } : {}),
  };
}
