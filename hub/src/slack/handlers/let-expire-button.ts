import { nsLabel, who } from '../blocks/format.js';
import { plainMessage } from '../blocks/notices.js';
import type { SlackContext } from '../flow/context.js';
import { mayAct } from '../flow/may-act.js';
import { targetOrSayGone } from '../flow/target-of.js';
import { type BlockActionArgs, beginAction } from './begin-action.js';

/**
 * "Let it expire": nothing to do in the cluster; the warning is answered and closed. Only
 * those who may act on the namespace may close it: anyone else in a shared channel would
 * otherwise hide the warning (and its Extend buttons) from the owner.
 */
export function letExpireButton(ctx: SlackContext) {
  return async (args: BlockActionArgs): Promise<void> => {
    const origin = await beginAction(ctx, args);
    if (!origin?.key) return;
    const target = await targetOrSayGone(ctx, origin.key, origin.reply);
    if (!target) return;
    const allowed = await mayAct(ctx, {
      actorId: origin.actorId,
      target,
      permission: 'act',
      action: 'slack:let-expire',
      what: `close the expiry warning of ${origin.key.namespace}`,
      reply: origin.reply,
    });
    if (!allowed) return;
    await ctx.audit.record({
      at: ctx.clock.now(),
      actor: origin.actorId,
      action: 'slack:let-expire',
      clusterId: origin.key.clusterId,
      namespace: origin.key.namespace,
      outcome: 'succeeded',
    });
    await origin.reply.update(
      plainMessage(
        `:ok_hand: ${who(origin.actorId)} let the time bombs in ${nsLabel(origin.key.namespace, target.clusterName)} expire. They will be suspended when their time is up.`,
      ),
    );
  };
}
