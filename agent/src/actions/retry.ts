import { isRetryable, KubeError } from '../kube/errors.js';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injected so tests are deterministic; Math.random in production. */
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function defaultRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    attempts: 6,
    baseDelayMs: 200,
    maxDelayMs: 5_000,
    random: Math.random,
    sleep,
    ...overrides,
  };
}

/**
 * Runs `step(attempt)` until it succeeds, retrying 409/429/5xx with full-jitter exponential
 * backoff. A 429's Retry-After is honoured as a floor: API priority and fairness asks us to
 * wait that long, and hammering sooner only gets more 429s. `step` gets the attempt number
 * so it can re-read the object after a conflict instead of re-sending a stale patch.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  step: (attempt: number) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await step(attempt);
    } catch (error) {
      if (!isRetryable(error) || attempt + 1 >= policy.attempts) throw error;
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
      const floor = error instanceof KubeError ? (error.retryAfterMs ?? 0) : 0;
      await policy.sleep(Math.max(floor, policy.random() * ceiling));
    }
  }
}
