/**
 * The hub unchanged on a Redis Cluster (issue 13 part 4): a local 3-master cluster, the real hub
 * process with REDIS_URL=redis+cluster://… and a hash-tagged prefix, through the one story
 * every topology carries (support/hub-on-redis.ts). Every key the hub wrote carries the
 * prefix's hash tag, so all of them live in one slot.
 */
import { type RedisCluster, spawnNodeSync, startRedisCluster } from '@curfew/test-support';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HubOnRedis,
  registerRouteNotifyAudit,
  startHubOnRedis,
} from './support/hub-on-redis.js';

const PREFIX = '{curfew}:';
let redis: RedisCluster;
let running: HubOnRedis;

beforeAll(async () => {
  redis = await startRedisCluster();
  running = await startHubOnRedis({ url: redis.url, prefix: PREFIX });
}, 300_000);

afterAll(async () => {
  await running?.stop();
  await redis?.stop();
});

describe('the hub on a 3-master Redis Cluster', () => {
  it('registers, routes an action, delivers a notification through the outbox and audits, all keys in one slot', async () => {
    await registerRouteNotifyAudit(running);
    const keys: string[] = [];
    const direct = new Cluster(
      redis.nodes.map((n) => ({ host: '127.0.0.1', port: Number(n.split(':')[1]) })),
    );
    try {
      await new Promise((resolve) => direct.once('ready', resolve));
      for (const node of direct.nodes('master')) keys.push(...(await node.keys('*')));
    } finally {
      direct.disconnect();
    }
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.filter((k) => !k.startsWith(PREFIX))).toEqual([]);
  }, 120_000);

  it('refuses a Cluster REDIS_URL with a prefix that has no hash tag, saying what to write', () => {
    const run = spawnNodeSync(new URL('../src/main.ts', import.meta.url).pathname, {
      env: {
        PATH: process.env.PATH ?? '',
        HTTP_PORT: '0',
        GRPC_PORT: '0',
        REDIS_URL: redis.url,
        REDIS_PREFIX: 'curfew:',
        SLACK_SIGNING_SECRET: 's',
        SLACK_BOT_TOKEN: 'xoxb-x',
      },
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /REDIS_PREFIX: must contain a hash tag with Redis Cluster, e\.g\. \{curfew\}:/,
    );
  });
});
