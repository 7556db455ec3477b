/**
 * Slack's answers about users, cached in Redis so every replica shares one cache: email →
 * user id and user id → email, a negative answer stored as a marker.
 */
import type { Redis } from 'ioredis';
import type { SlackUserCache } from '../../ports.js';
import type { SlackKeys } from './slack-keys.js';

/** "Slack knows nobody by that" (no Slack id or email is a lone dash). */
const NONE = '-';

export class RedisSlackUserCache implements SlackUserCache {
  constructor(
    private readonly redis: Redis,
    private readonly keys: SlackKeys,
  ) {}

  userIdByEmail(email: string): Promise<string | null | undefined> {
    return this.#get(this.keys.userByEmail(email));
  }

  async rememberUserIdByEmail(email: string, userId: string | null, ttlSeconds: number) {
    await this.redis.set(this.keys.userByEmail(email), userId ?? NONE, 'EX', ttlSeconds);
  }

  emailOfUser(userId: string): Promise<string | null | undefined> {
    return this.#get(this.keys.userInfo(userId));
  }

  async rememberEmailOfUser(userId: string, email: string | null, ttlSeconds: number) {
    await this.redis.set(this.keys.userInfo(userId), email ?? NONE, 'EX', ttlSeconds);
  }

  async #get(key: string): Promise<string | null | undefined> {
    const cached = await this.redis.get(key);
    if (cached === null) return undefined;
    return cached === NONE ? null : cached;
  }
}
