/**
 * "Do this once across every replica": SET NX claims a key, the work runs, and a failure of
 * the work deletes the claim again so a retry (an agent's re-send, a job's next attempt)
 * does it instead of the work being lost behind a claim that says it was done.
 */
import type { Redis } from 'ioredis';
import type { ClaimOutcome } from '../ports.js';

export type { ClaimOutcome } from '../ports.js';

/** Sets `key` only when absent (SET … PX ttl NX); true when this caller set it. */
export async function setOnce(
  redis: Redis,
  key: string,
  value: string,
  ttlMs: number,
): Promise<boolean> {
  return (await redis.set(key, value, 'PX', ttlMs, 'NX')) === 'OK';
}

/**
 * Claims `key`, then runs `work`. Another holder of the claim means the work already ran
 * (or is running): `{ claimed: false }`, work not called. When `work` throws, the claim is
 * undone (best effort: Redis may be the thing that failed) and the error rethrown.
 */
export async function claimOnce<T>(
  redis: Redis,
  claim: { key: string; value: string; ttlMs: number },
  work: () => Promise<T>,
): Promise<ClaimOutcome<T>> {
  if (!(await setOnce(redis, claim.key, claim.value, claim.ttlMs))) return { claimed: false };
  try {
    return { claimed: true, result: await work() };
  } catch (error) {
    await redis.del(claim.key).catch(() => {});
    throw error;
  }
}
