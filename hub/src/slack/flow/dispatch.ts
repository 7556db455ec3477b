import type { DispatchOutcome, DispatchRequest } from '../../ports.js';
import type { SlackContext } from './context.js';

/**
 * Dispatches with the Slack side's wait. A dispatcher that throws (Redis down mid-call)
 * becomes an `unavailable` outcome, so every Slack flow audits it and tells the user
 * instead of leaving the message at "in progress".
 */
export async function dispatchOrUnavailable(
  ctx: SlackContext,
  request: DispatchRequest,
): Promise<DispatchOutcome> {
  try {
    return await ctx.dispatcher.dispatch(request, ctx.config.dispatchWaitMs);
  } catch (error) {
    return {
      state: 'unavailable',
      message: error instanceof Error ? error.message : String(error),
    };
  }
}
