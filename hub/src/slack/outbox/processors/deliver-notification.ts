import type { OutboxProcessor } from '../context.js';
import { delayJob } from '../paced-call.js';
import { classifySlackFailure } from '../slack-failure.js';
import type { DeliverJob } from '../types.js';

/**
 * Turns an agent's notification into a Slack message: resolves who to tell (which may
 * call users.lookupByEmail, hence here and not on the agent's stream) and queues the post.
 */
export const deliverNotification: OutboxProcessor<DeliverJob> = async (job, token, ctx) => {
  try {
    await ctx.deliverNotification(job.data);
  } catch (error) {
    // A 429 from users.* is a wait, not a failed attempt.
    const failure = classifySlackFailure(error);
    if (failure.kind === 'rate-limited') return delayJob(job, token, failure.retryAfterMs);
    throw error;
  }
  return { delivered: true };
};
