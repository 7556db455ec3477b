import type { Redis } from 'ioredis';
import type { RequestClaim, SlackRequestClaims } from '../../ports.js';
import { setOnce } from '../../redis/claim-once.js';
import type { SlackKeys } from './slack-keys.js';

/**
 * Remembers which Slack requests ran (SET NX with a TTL, shared by all replicas), so a
 * retried or replayed request does nothing the second time. Bounded in time: Slack
 * must get its answer within 3 s even when Redis is down.
 */
export class RedisRequestClaims implements SlackRequestClaims {
  constructor(
    private readonly redis: Redis,
    private readonly keys: SlackKeys,
    private readonly ttlSeconds: number,
    private readonly timeoutMs = 1_000,
  ) {}

  async claim(key: string): Promise<RequestClaim> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<RequestClaim>((resolve) => {
      timer = setTimeout(() => resolve('unavailable'), this.timeoutMs);
    });
    // No undo here: a Slack request that failed half-way is not safe to run again blindly.
    const attempt = setOnce(this.redis, this.keys.seen(key), '1', this.ttlSeconds * 1000)
      .then((fresh): RequestClaim => (fresh ? 'first' : 'duplicate'))
      .catch((): RequestClaim => 'unavailable');
    try {
      return await Promise.race([attempt, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
