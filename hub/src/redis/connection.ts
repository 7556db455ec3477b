/**
 * Redis connections and whether the hub can currently rely on them.
 *
 * The command connection has the offline queue disabled: during an outage a call fails at
 * once, so the API answers 503 instead of hanging, and nothing is "accepted" that is not
 * written. Pub/sub needs its own connection (a subscribed connection takes no other
 * commands); ioredis re-subscribes it by itself after a reconnect.
 */
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

export interface RedisConnections {
  command: Redis;
  subscriber: Redis;
  health: RedisHealth;
  close(): Promise<void>;
}

/** Emits 'up' when both connections are ready again and 'down' when either is lost. */
export class RedisHealth extends EventEmitter {
  #up = false;

  constructor(private readonly clients: Redis[]) {
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

export function connectRedis(url: string, name: string): RedisConnections {
  const command = new Redis(url, {
    connectionName: `${name}-cmd`,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy,
  });
  const subscriber = new Redis(url, {
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

export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
  constructor() {
    super('the hub cannot reach Redis right now; retry in a few seconds');
  }
}
