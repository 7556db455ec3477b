import { formatDuration } from '@curfew/core';
import { type CommandResult, CommandStatus } from '@curfew/proto';
import type { DispatchOutcome } from '../../ports.js';
import { who } from '../blocks/format.js';
import { namespaceCard } from '../blocks/namespace-card.js';
import { expiredMessage, resultMessage, unavailableMessage } from '../blocks/notices.js';
import { ACTION_SPECS, type ActionFacts } from './action-specs.js';
import type { SlackContext } from './context.js';
import type { Reply } from './reply.js';

export type ShownOutcome = Exclude<DispatchOutcome, { state: 'pending' }>;

/**
 * Replaces the message that asked for an owner action with its outcome — at once, or later on
 * whichever replica sees a slow cluster's answer (or the command's expiry). The outcome is
 * audited by the router (a finished or expired command) or by dispatchOrUnavailable (none).
 */
export async function showOutcome(
  ctx: SlackContext,
  facts: ActionFacts,
  reply: Reply,
  outcome: ShownOutcome,
): Promise<void> {
  switch (outcome.state) {
    case 'done': {
      const ok =
        outcome.result.status === CommandStatus.SUCCEEDED ||
        outcome.result.status === CommandStatus.ACCEPTED;
      await reply.update(outcomeContent(ctx, facts, outcome.result, ok));
      // The agent may also report this outcome as a notification; it is already shown.
      await ctx.messages.markCommandShown(outcome.commandId);
      return;
    }
    case 'expired':
      await reply.update(expiredMessage(facts.namespace, facts.clusterName, outcome.message));
      return;
    case 'unavailable':
      await reply.update(unavailableMessage(outcome.message, outcome.reason));
      return;
  }
}

function outcomeContent(ctx: SlackContext, facts: ActionFacts, result: CommandResult, ok: boolean) {
  const spec = ACTION_SPECS[facts.kind];
  const duration = facts.durationMs === undefined ? '' : ` for ${formatDuration(facts.durationMs)}`;
  if (ok && result.namespace && facts.kind !== 'delete') {
    const notReady =
      result.notReady.length === 0
        ? ''
        : ` Not ready yet: ${result.notReady.map((w) => `${w.name}${w.reason ? ` (${w.reason})` : ''}`).join(', ')}.`;
    return namespaceCard({
      clusterId: facts.clusterId,
      clusterName: facts.clusterName,
      summary: result.namespace,
      now: ctx.clock.now(),
      note: `:white_check_mark: ${spec.done}${duration} by ${who(facts.actorId)}.${notReady}`,
    });
  }
  return resultMessage({
    done: `${spec.done}${duration}`,
    what: spec.what,
    namespace: facts.namespace,
    clusterName: facts.clusterName,
    result,
    actor: facts.actorId,
  });
}
