/**
 * The hub unchanged behind Redis Sentinel (issue 13 part 4): REDIS_URL=redis+sentinel://…/<master>,
 * so the hub asks the Sentinel where the primary is, through the one story every topology
 * carries (support/hub-on-redis.ts). A live failover: redis-sentinel-failover.test.ts.
 */
import { type RedisSentinel, startRedisSentinel } from '@curfew/test-support';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  type HubOnRedis,
  registerRouteNotifyAudit,
  startHubOnRedis,
} from './support/hub-on-redis.js';

let redis: RedisSentinel;
let running: HubOnRedis;

beforeAll(async () => {
  redis = await startRedisSentinel();
  running = await startHubOnRedis({ url: redis.url, prefix: 'curfew:' });
}, 300_000);

afterAll(async () => {
  await running?.stop();
  await redis?.stop();
});

describe('the hub behind Redis Sentinel', () => {
  it('finds the primary through the Sentinel and carries the whole story on it', async () => {
    await registerRouteNotifyAudit(running);
  }, 120_000);
});
