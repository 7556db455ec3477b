import type { SlackContext } from '../flow/context.js';
import { type OwnerAction, runAction } from '../flow/run-action.js';
import { targetOrSayGone } from '../flow/target-of.js';
import { type ActionOrigin, type BlockActionArgs, beginAction } from './begin-action.js';

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
  const target = await targetOrSayGone(ctx, origin.key, origin.reply);
  if (!target) return;
  await runAction(ctx, {
    kind,
    actorId: origin.actorId,
    target,
    idempotencyKey: origin.idempotencyKey,
    reply: origin.reply,
    ...extra,
  });
}

/**
 * A button that runs one owner action as it is: Suspend, Resume, and Delete (which Slack
 * only sends after its confirm dialog).
 */
export function ownerActionButton(ctx: SlackContext, kind: OwnerAction) {
  return async (args: BlockActionArgs): Promise<void> => {
    const origin = await beginAction(ctx, args);
    if (origin) await ownerActionFromBlock(ctx, origin, kind);
  };
}
