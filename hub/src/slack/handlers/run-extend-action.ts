import { formatDuration } from '@curfew/core';
import { Action } from '@curfew/proto';
import { nsLabel } from '../blocks/format.js';
import { plainMessage, progressMessage } from '../blocks/notices.js';
import { extendLine } from '../commands/run-extend.js';
import type { SlackContext } from '../flow/context.js';
import { dispatchOrUnavailable } from '../flow/dispatch.js';
import { mayAct } from '../flow/may-act.js';
import type { NamespaceTarget } from '../flow/target-of.js';
import type { ActionOrigin } from './begin-action.js';

const AUDIT_ACTION = 'slack:extend';

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
  const allowed = await mayAct(ctx, {
    actorId: origin.actorId,
    target,
    permission: 'act',
    action: AUDIT_ACTION,
    what: `extend time bombs in ${summary.name}`,
    reply: origin.reply,
  });
  if (!allowed) return;
  await origin.reply.update(
    progressMessage('Extending time bombs in', summary.name, target.clusterName),
  );
  const lines = await Promise.all(
    input.skus.map(async (sku) => {
      const outcome = await dispatchOrUnavailable(ctx, {
        action: Action.EXTEND,
        clusterId: target.clusterId,
        namespace: summary.name,
        skuPrefix: sku,
        durationMs: input.durationMs,
        requestedBy: origin.actorId,
        idempotencyKey: `${origin.idempotencyKey}:${sku}`,
        audit: { action: AUDIT_ACTION, detail: `${sku} +${formatDuration(input.durationMs)}` },
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
