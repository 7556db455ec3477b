import { nsLabel, who } from '../blocks/format.js';
import { plainMessage } from '../blocks/notices.js';
import type { SlackContext } from '../flow/context.js';
import { type BlockActionArgs, beginAction } from './begin-action.js';

/** "Let it expire": nothing to do in the cluster; the warning is answered and closed. */
export function letExpireButton(ctx: SlackContext) {
  return async (args: BlockActionArgs): Promise<void> => {
    const origin = await beginAction(ctx, args);
    if (!origin?.key) return;
    await ctx.audit.record({
      at: ctx.clock.now(),
      actor: origin.actorId,
      action: 'slack:let-expire',
      clusterId: origin.key.clusterId,
      namespace: origin.key.namespace,
      outcome: 'succeeded',
    });
    const cluster = await ctx.clusters.get(origin.key.clusterId);
    await origin.reply.update(
      plainMessage(
        `:ok_hand: ${who(origin.actorId)} let the time bombs in ${nsLabel(origin.key.namespace, cluster?.name ?? origin.key.clusterId)} expire. They will be suspended when their time is up.`,
      ),
    );
  };
}
