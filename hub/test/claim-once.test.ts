import { type RedisServer, startRedisServer } from '@curfew/test-support';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimOnce, setOnce } from '../src/redis/claim-once.js';

let server: RedisServer;
let redis: Redis;
let n = 0;
let key: string;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});
beforeEach(() => {
  n += 1;
  key = `claim-test:${n}`;
});

const claim = () => ({ key, value: 'v', ttlMs: 60_000 });

describe('claimOnce', () => {
  it('the first caller runs the work and keeps the claim', async () => {
    const outcome = await claimOnce(redis, claim(), async () => 42);
    expect(outcome).toEqual({ claimed: true, result: 42 });
    expect(await redis.get(key)).toBe('v');
  });

  it('a second caller does not run the work', async () => {
    await claimOnce(redis, claim(), async () => 1);
    let ran = false;
    const outcome = await claimOnce(redis, claim(), async () => {
      ran = true;
    });
    expect(outcome).toEqual({ claimed: false });
    expect(ran).toBe(false);
  });

  it('of many concurrent callers exactly one runs the work', async () => {
    let runs = 0;
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        claimOnce(redis, claim(), async () => {
          runs += 1;
        }),
      ),
    );
    expect(runs).toBe(1);
    expect(outcomes.filter((o) => o.claimed)).toHaveLength(1);
  });

  it('a failure between claim and work completing undoes the claim, so a retry runs it', async () => {
    await expect(
      claimOnce(redis, claim(), async () => {
        throw new Error('sink down');
      }),
    ).rejects.toThrow('sink down');
    expect(await redis.exists(key)).toBe(0);
    const retry = await claimOnce(redis, claim(), async () => 'done');
    expect(retry).toEqual({ claimed: true, result: 'done' });
  });

  it('the claim expires after its TTL', async () => {
    await claimOnce(redis, { key, value: 'v', ttlMs: 60_000 }, async () => 1);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});

describe('setOnce', () => {
  it('keeps the first value written', async () => {
    expect(await setOnce(redis, key, 'first', 60_000)).toBe(true);
    expect(await setOnce(redis, key, 'second', 60_000)).toBe(false);
    expect(await redis.get(key)).toBe('first');
  });
});
