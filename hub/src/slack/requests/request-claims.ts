import type { Redis } from 'ioredis';
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
    const attempt = this.redis
      .set(this.keys.seen(key), '1', 'EX', this.ttlSeconds, 'NX')
      .then((result): Claim => (result === 'OK' ? 'first' : 'duplicate'))
      .catch((): Claim => 'unavailable');
    try {
      return await Promise.race([attempt, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
