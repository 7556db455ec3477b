/**
 * Redis connections and whether the hub can currently rely on them.
 *
 * The command connection has the offline queue disabled: during an outage a call fails at
 * once, so the API answers 503 instead of hanging, and nothing is "accepted" that is not
 * written. Pub/sub needs its own connection (a subscribed connection takes no other
 * commands); ioredis re-subscribes it by itself after a reconnect.
 */
import { EventEmitter } from 'node:events';
import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import { parseRedisUrl, type RedisTarget } from './target.js';

export interface RedisConnections {
  command: Redis;
  subscriber: Redis;
  health: RedisHealth;
  close(): Promise<void>;
}

/** Emits 'up' when both connections are ready again and 'down' when either is lost. */
export class RedisHealth extends EventEmitter {
  #up = false;

  constructor(private readonly clients: (Redis | Cluster)[]) {
    super();
    for (const client of clients) {
      client.on('ready', () => this.#update());
      client.on('close', () => this.#update());
      client.on('end', () => this.#update());
      // Without a listener ioredis would print every failed reconnect; the state is enough.
      client.on('error', () => {});
    }
  }

  get up(): boolean {
    return this.#up;
  }

  #update(): void {
    const up = this.clients.every((client) => client.status === 'ready');
    if (up === this.#up) return;
    this.#up = up;
    this.emit(up ? 'up' : 'down');
  }
}

const retryStrategy = (times: number): number => Math.min(100 * times, 2_000);

/** REDIS_URL as a target; config parsing has already refused a bad one. */
function targetOf(url: string): RedisTarget {
  const target = parseRedisUrl(url);
  if ('error' in target) throw new Error(`REDIS_URL ${target.error}`);
  return target;
}

/**
 * One client for the target. A Sentinel target asks the Sentinels for the current primary (and
 * again after a failover); a Cluster client routes each key to its slot's node. Both speak the
 * commands the hub uses with the same API, so the rest of the hub sees `Redis` either way — with
 * Cluster every key shares the prefix's hash tag (config.ts insists), so every script,
 * transaction and pipeline stays within one slot.
 */
function client(target: RedisTarget, options: RedisOptions): Redis {
  if (target.mode === 'single') return new Redis(target.url, options);
  const auth = {
    ...(target.username === undefined ? {} : { username: target.username }),
    ...(target.password === undefined ? {} : { password: target.password }),
    ...(target.tls ? { tls: {} } : {}),
  };
  if (target.mode === 'sentinel') {
    return new Redis({ ...options, ...auth, sentinels: target.sentinels, name: target.name });
  }
  const clusterOptions: ClusterOptions = {
    redisOptions: { ...options, ...auth },
    ...(options.enableOfflineQueue === undefined
      ? {}
      : { enableOfflineQueue: options.enableOfflineQueue }),
    clusterRetryStrategy: retryStrategy,
  };
  return new Cluster(target.nodes, clusterOptions) as unknown as Redis;
}

export function connectRedis(url: string, name: string): RedisConnections {
  const target = targetOf(url);
  const command = client(target, {
    connectionName: `${name}-cmd`,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy,
  });
  const subscriber = client(target, {
    connectionName: `${name}-sub`,
    retryStrategy,
  });
  const health = new RedisHealth([command, subscriber]);
  return {
    command,
    subscriber,
    health,
    async close() {
      command.disconnect();
      subscriber.disconnect();
    },
  };
}

/**
 * What BullMQ connects with: its own connections with no per-request retry limit (it blocks on
 * them), to the same target.
 */
export function bullConnection(url: string): Redis | { url: string; maxRetriesPerRequest: null } {
  const target = targetOf(url);
  if (target.mode === 'single') return { url: target.url, maxRetriesPerRequest: null };
  return client(target, { maxRetriesPerRequest: null });
}

export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
  constructor() {
    super('the hub cannot reach Redis right now; retry in a few seconds');
  }
}
