import type { Redis } from 'ioredis';
import { setOnce } from '../../redis/claim-once.js';
import type { SlackKeys } from '../keys.js';

export type Claim = 'first' | 'duplicate' | 'unavailable';

/**
 * Remembers which Slack requests ran (SET NX with a TTL, shared by all replicas), so a
 * retried or replayed request does nothing the second time. Bounded in time: Slack
 * must get its answer within 3 s even when Redis is down.
 */
export class RequestClaims {
  constructor(
    private readonly redis: Redis,
    private readonly keys: SlackKeys,
    private readonly ttlSeconds: number,
    private readonly timeoutMs = 1_000,
  ) {}

  async claim(key: string): Promise<Claim> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Claim>((resolve) => {
      timer = setTimeout(() => resolve('unavailable'), this.timeoutMs);
    });
    // No undo here: a Slack request that failed half-way is not safe to run again blindly.
    const attempt = setOnce(this.redis, this.keys.seen(key), '1', this.ttlSeconds * 1000)
      .then((fresh): Claim => (fresh ? 'first' : 'duplicate'))
      .catch((): Claim => 'unavailable');
    try {
      return await Promise.race([attempt, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
