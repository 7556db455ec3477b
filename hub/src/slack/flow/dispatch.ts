import type { DispatchOutcome, DispatchRequest } from '../../ports.js';
import type { SlackContext } from './context.js';

/** A Slack request for a command, named as the audit log shows it (`slack:extend`). */
export type SlackDispatch = DispatchRequest & { audit: NonNullable<DispatchRequest['audit']> };

/**
 * Dispatches with the Slack side's wait. The command's outcome is audited once, by the router,
 * when it finishes or expires — on whichever replica sees that — under the request's `audit`
 * name. What never became a command is audited here: a dispatcher that throws (Redis down
 * mid-call) or refuses (unknown cluster) becomes an `unavailable` outcome recorded as failed,
 * and every Slack flow tells the user instead of leaving the message at "in progress".
 */
export async function dispatchOrUnavailable(
  ctx: SlackContext,
  request: SlackDispatch,
): Promise<DispatchOutcome> {
  let outcome: DispatchOutcome;
  try {
    outcome = await ctx.dispatcher.dispatch(request, ctx.config.dispatchWaitMs);
  } catch (error) {
    outcome = {
      state: 'unavailable',
      message: error instanceof Error ? error.message : String(error),
    };
  }
  if (outcome.state === 'unavailable') {
    const { action, detail } = request.audit;
    await ctx.audit.record({
      at: ctx.clock.now(),
      actor: request.requestedBy,
      action,
      clusterId: request.clusterId,
      ...(request.namespace === undefined ? {} : { namespace: request.namespace }),
      outcome: 'failed',
      detail: detail === undefined ? outcome.message : `${detail}: ${outcome.message}`,
    });
  }
  return outcome;
}
