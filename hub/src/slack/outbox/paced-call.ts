import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { OutboxContext } from './context.js';
import { classifySlackFailure, type SlackFailure } from './slack-failure.js';

/**
 * Puts the job back for `ms` without using up an attempt: waiting for a rate limit is
 * not a failure. BullMQ compares delays with the wall clock, hence Date.now().
 */
export async function delayJob(job: Job, token: string | undefined, ms: number): Promise<never> {
  await job.moveToDelayed(Date.now() + Math.max(1, Math.ceil(ms)), token);
  throw new DelayedError();
}

/**
 * One Web API call within Slack's limits: waits for a free slot (per method, and per
 * channel for messages), honours 429 Retry-After by pausing the whole method, gives up
 * at once on permanent errors and lets BullMQ retry (with backoff) everything else.
 * `onFailure` runs first, e.g. to note that a post's outcome is unknown.
 */
export async function pacedCall<T>(
  ctx: OutboxContext,
  job: Job,
  token: string | undefined,
  call: { method: string; channel?: string; run: () => Promise<T> },
  onFailure?: (failure: SlackFailure) => Promise<void>,
): Promise<T> {
  const wait = await ctx.store.acquire(call.method, call.channel, ctx.clock.now(), ctx.lane);
  if (wait > 0) return delayJob(job, token, wait);
  try {
    return await call.run();
  } catch (error) {
    const failure = classifySlackFailure(error);
    await onFailure?.(failure);
    if (failure.kind === 'rate-limited') {
      ctx.logger.warn(
        { method: call.method, retryAfterMs: failure.retryAfterMs },
        'slack rate limited',
      );
      await ctx.store.pauseMethod(call.method, failure.retryAfterMs, ctx.clock.now());
      return delayJob(job, token, failure.retryAfterMs);
    }
    if (failure.kind === 'permanent') {
      throw new UnrecoverableError(`${call.method} refused: ${failure.error}`);
    }
    throw new Error(`${call.method} failed (${failure.kind}): ${failure.message}`);
  }
}
