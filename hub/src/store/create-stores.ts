/**
 * Every Redis repository of one hub replica, built on its command connection. hub.ts builds
 * the services from these through their ports; nothing else constructs a store.
 */
import type { Clock, ResourcePrices } from '@curfew/core';
import type { Redis } from 'ioredis';
import type {
  AuditLog,
  BusWire,
  ClusterRegistry,
  CommandFinisher,
  CommandStore,
  NotificationClaims,
  Presence,
  SnapshotStore,
  SuspensionTracker,
  TokenStore,
} from '../ports.js';
import { redisKeys } from '../redis/keys.js';
import { RedisAuditLog } from './audit-log.js';
import { RedisClusterRegistry } from './cluster-registry.js';
import { RedisCommandStore } from './command-store.js';
import { RedisCommandFinisher } from './finish-script.js';
import { RedisNotificationClaims } from './notification-claims.js';
import { RedisPresence } from './presence-store.js';
import { RedisSnapshotStore } from './snapshot-store.js';
import { RedisSuspensionTracker } from './suspension-store.js';
import { RedisTokenStore } from './token-store.js';

export interface HubStores {
  commands: CommandStore;
  /** Stores, audits and announces a final result in one round trip. */
  finisher: CommandFinisher;
  presence: Presence;
  snapshots: SnapshotStore;
  clusters: ClusterRegistry;
  tokens: TokenStore;
  audit: AuditLog;
  suspensions: SuspensionTracker;
  notificationClaims: NotificationClaims;
}

export interface StoreOptions {
  /** REDIS_PREFIX: every key starts with it (with Redis Cluster it carries the hash tag). */
  prefix: string;
  clock: Clock;
  /** Makes a new agent token (32 random bytes in production). */
  newToken: () => string;
  /** The hub's default prices, for clusters that set none of their own. */
  defaultPrices: ResourcePrices;
  /** AUDIT_MAX_ENTRIES: entries kept per cluster's log (and the hub's own). */
  auditMaxEntries: number;
  /** The bus's channels and format, for the scripts that publish as part of their write. */
  wire: BusWire;
}

export function createStores(redis: Redis, options: StoreOptions): HubStores {
  const { prefix, clock, newToken } = options;
  const keys = redisKeys(prefix);
  const presence = new RedisPresence(redis, keys);
  const audit = new RedisAuditLog(redis, keys, options.auditMaxEntries);
  return {
    commands: new RedisCommandStore(redis, keys, prefix, options.wire),
    finisher: new RedisCommandFinisher(redis, keys, audit, options.wire),
    presence,
    snapshots: new RedisSnapshotStore(redis, keys),
    clusters: new RedisClusterRegistry(redis, keys, presence, options.defaultPrices),
    tokens: new RedisTokenStore({ redis, keys, clock, newToken }),
    audit,
    suspensions: new RedisSuspensionTracker(redis, keys),
    notificationClaims: new RedisNotificationClaims(redis, keys),
  };
}
