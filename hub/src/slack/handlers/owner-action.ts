import { plainMessage } from '../blocks/notices.js';
import type { SlackContext } from '../flow/context.js';
import { type OwnerAction, runAction } from '../flow/run-action.js';
import { targetOf } from '../flow/target-of.js';
import type { ActionOrigin } from './begin-action.js';

/** Runs an owner action on the namespace a clicked block is about. */
export async function ownerActionFromBlock(
  ctx: SlackContext,
  origin: ActionOrigin,
  kind: OwnerAction,
  extra: { durationMs?: number } = {},
): Promise<void> {
  if (!origin.key) {
    ctx.logger.warn({ block: origin.action.block_id }, 'slack action without a namespace block id');
    return;
  }
  const target = await targetOf(ctx, origin.key);
  if (!target) {
    await origin.reply.update(
      plainMessage(
        `:grey_question: \`${origin.key.namespace}\` is no longer known in cluster \`${origin.key.clusterId}\`. It may have been deleted.`,
      ),
    );
    return;
  }
  await runAction(ctx, {
    kind,
    actorId: origin.actorId,
    target,
    idempotencyKey: origin.idempotencyKey,
    reply: origin.reply,
    ...extra,
  });
}
