import { CommandStatus } from '@curfew/proto';
import type { AuditEntry, DispatchOutcome, DispatchRequest } from '../../ports.js';
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

/**
 * The audit outcome of a dispatch as seen when the Slack reply is written. A command still
 * waiting for its cluster was allowed, not failed: its final outcome is audited by the router.
 */
export function auditOutcomeOf(outcome: DispatchOutcome): AuditEntry['outcome'] {
  switch (outcome.state) {
    case 'done':
      return outcome.result.status === CommandStatus.SUCCEEDED ? 'succeeded' : 'failed';
    case 'expired':
      return 'expired';
    case 'pending':
      return 'allowed';
    case 'unavailable':
      return 'failed';
  }
}
