import { formatDuration } from '@curfew/core';
import { Action } from '@curfew/proto';
import type { DispatchOutcome } from '../../ports.js';
import { authorize } from '../access/authorize.js';
import { nsLabel } from '../blocks/format.js';
import { plainMessage, progressMessage, refusalMessage } from '../blocks/notices.js';
import { extendLine } from '../commands/run-extend.js';
import type { ActionOrigin } from '../handlers/begin-action.js';
import type { SlackContext } from './context.js';
import type { NamespaceTarget } from './target-of.js';

/**
 * An expiry warning's Extend button: the owner (or a collaborator/admin) renews the
 * warned workloads' SKUs in their cluster, one EXTEND per SKU, and the warning is
 * replaced by what happened to each.
 */
export async function runExtendAction(
  ctx: SlackContext,
  input: { origin: ActionOrigin; target: NamespaceTarget; durationMs: number; skus: string[] },
): Promise<void> {
  const { origin, target } = input;
  const summary = target.found.summary;
  const base = {
    actor: origin.actorId,
    action: 'slack:extend',
    clusterId: target.clusterId,
    namespace: summary.name,
  };
  const decision = authorize({
    actor: await ctx.identities.actor(origin.actorId),
    owner: summary.owner,
    collaborators: summary.collaborators,
    admins: ctx.config.admins,
    permission: 'act',
  });
  if (!decision.allowed) {
    await ctx.audit.record({
      ...base,
      at: ctx.clock(),
      outcome: 'refused',
      detail: decision.reason,
    });
    await origin.reply.private(
      refusalMessage(`extend time bombs in ${summary.name}`, decision.reason),
    );
    return;
  }
  await origin.reply.update(
    progressMessage('Extending time bombs in', summary.name, target.clusterName),
  );
  const lines = await Promise.all(
    input.skus.map(async (sku) => {
      let outcome: DispatchOutcome;
      try {
        outcome = await ctx.dispatcher.dispatch(
          {
            action: Action.EXTEND,
            clusterId: target.clusterId,
            namespace: summary.name,
            skuPrefix: sku,
            durationMs: input.durationMs,
            requestedBy: origin.actorId,
            idempotencyKey: `${origin.idempotencyKey}:${sku}`,
          },
          ctx.config.dispatchWaitMs,
        );
      } catch (error) {
        outcome = {
          state: 'unavailable',
          message: error instanceof Error ? error.message : String(error),
        };
      }
      await ctx.audit.record({
        ...base,
        at: ctx.clock(),
        outcome:
          outcome.state === 'done'
            ? 'succeeded'
            : outcome.state === 'expired'
              ? 'expired'
              : 'failed',
        detail: `${sku} +${formatDuration(input.durationMs)}`,
        ...('commandId' in outcome ? { commandId: outcome.commandId } : {}),
      });
      return extendLine(sku, outcome);
    }),
  );
  await origin.reply.update(
    plainMessage(
      `:hourglass_flowing_sand: Time bombs in ${nsLabel(summary.name, target.clusterName)} extended by ${formatDuration(input.durationMs)}:\n${lines.join('\n')}`,
    ),
  );
}
