/**
 * Cluster registration and agent tokens.
 *
 * Tokens are 32 random bytes and only their sha256 is stored. A fast hash is right here:
 * slow hashes (bcrypt, scrypt) exist to make guessing low-entropy passwords expensive, but a
 * 256-bit random token cannot be guessed, so sha256 gives the same protection against a
 * leaked Redis dump while keeping every stream authentication O(1). Comparison is
 * constant-time anyway.
 */
import type { Clock } from '@curfew/core';
import type { Redis } from 'ioredis';
import type { TokenCheck, TokenStore } from '../ports.js';
import type { RedisKeys } from '../redis/keys.js';
import { hashToken, sameHash } from '../token-hash.js';

/**
 * A new agent token; the previous one stays valid for an overlap so running agents can move.
 * KEYS[1] cluster:<id> (hash). ARGV[1] the new token's hash; ARGV[2] until when the previous
 * one is accepted (epoch ms).
 * Returns 1 rotated, 0 no such cluster, -1 the cluster is revoked (nothing changed).
 */
const ROTATE = `
if redis.call('HEXISTS', KEYS[1], 'id') == 0 then return 0 end
if redis.call('HGET', KEYS[1], 'revoked') == '1' then return -1 end
local current = redis.call('HGET', KEYS[1], 'tokenHash')
redis.call('HSET', KEYS[1], 'tokenHash', ARGV[1], 'prevTokenHash', current, 'prevTokenUntil', ARGV[2])
return 1`;

export interface RedisTokenStoreDeps {
  redis: Redis;
  keys: RedisKeys;
  clock: Clock;
  newToken: () => string;
}

export class RedisTokenStore implements TokenStore {
  constructor(private readonly deps: RedisTokenStoreDeps) {}

  /** Creates the cluster record; returns the one-time token (never stored in clear). */
  async register(
    clusterId: string,
    fields: { name: string; defaultChannel?: string },
  ): Promise<string> {
    const { redis, keys, clock, newToken } = this.deps;
    const token = newToken();
    const record: Record<string, string> = {
      id: clusterId,
      name: fields.name,
      createdAt: String(clock.now()),
      tokenHash: hashToken(token),
      revoked: '0',
    };
    if (fields.defaultChannel) record.defaultChannel = fields.defaultChannel;
    await redis.multi().hset(keys.cluster(clusterId), record).sadd(keys.clusters, clusterId).exec();
    return token;
  }

  /**
   * New token; the previous one stays valid for `overlapMs` so the agent can be upgraded
   * without a gap. Returns null for an unknown cluster, 'revoked' for a revoked one.
   */
  async rotate(clusterId: string, overlapMs: number): Promise<string | null | 'revoked'> {
    const { redis, keys, clock, newToken } = this.deps;
    const token = newToken();
    const outcome = await redis.eval(
      ROTATE,
      1,
      keys.cluster(clusterId),
      hashToken(token),
      String(clock.now() + overlapMs),
    );
    if (outcome === 0) return null;
    if (outcome === -1) return 'revoked';
    return token;
  }

  /** Marks the cluster revoked and forgets its tokens. False for an unknown cluster. */
  async revoke(clusterId: string): Promise<boolean> {
    const { redis, keys, clock } = this.deps;
    const key = keys.cluster(clusterId);
    if (!(await redis.exists(key))) return false;
    await redis
      .multi()
      .hset(key, { revoked: '1', revokedAt: String(clock.now()) })
      .hdel(key, 'tokenHash', 'prevTokenHash', 'prevTokenUntil')
      .exec();
    return true;
  }

  async check(clusterId: string, token: string): Promise<TokenCheck> {
    const { redis, keys, clock } = this.deps;
    const [exists, revoked, current, previous, previousUntil] = await redis.hmget(
      keys.cluster(clusterId),
      'id',
      'revoked',
      'tokenHash',
      'prevTokenHash',
      'prevTokenUntil',
    );
    if (!exists) return 'unknown-cluster';
    if (revoked === '1') return 'revoked';
    const hash = hashToken(token);
    if (sameHash(hash, current ?? undefined)) return 'ok';
    if (sameHash(hash, previous ?? undefined) && Number(previousUntil) > clock.now()) return 'ok';
    return 'bad-token';
  }
}
