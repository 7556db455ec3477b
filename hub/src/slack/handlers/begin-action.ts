import type {
  AllMiddlewareArgs,
  BlockAction,
  BlockElementAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { type NamespaceKey, parseNamespaceBlockId } from '../blocks/action-ids.js';
import { STORE_DOWN } from '../blocks/notices.js';
import type { SlackContext } from '../flow/context.js';
import { homeReply, messageReply, type Reply, responseUrlReply } from '../flow/reply.js';
import { requestKey } from '../requests/request-key.js';

export type BlockActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export interface ActionOrigin {
  actorId: string;
  /** The namespace the clicked block is about, if it is about one. */
  key: NamespaceKey | undefined;
  action: BlockElementAction;
  reply: Reply;
  idempotencyKey: string;
}

/**
 * The start of every button/select handler: acknowledge at once (Slack wants an answer
 * within 3 s and a block action's answer carries nothing), run each interaction once
 * however often Slack delivers it, and work out where replies go.
 */
export async function beginAction(
  ctx: SlackContext,
  args: BlockActionArgs,
): Promise<ActionOrigin | undefined> {
  await args.ack();
  const { body, action } = args;
  const key =
    requestKey(body as unknown as Record<string, unknown>) ??
    `action:${body.user.id}:${action.action_id}`;
  const claim = await ctx.claims.claim(key);
  if (claim === 'duplicate') {
    ctx.logger.info({ key }, 'slack repeated an interaction; already handled');
    return undefined;
  }
  if (claim === 'unavailable') {
    // The outbox lives in Redis too; the response_url is the one way left to say so.
    if (body.response_url) {
      await args
        .respond({ response_type: 'ephemeral', replace_original: false, ...STORE_DOWN } as never)
        .catch(() => undefined);
    }
    return undefined;
  }
  const container = body.container as {
    type?: string;
    is_ephemeral?: boolean;
    channel_id?: string;
    message_ts?: string;
  };
  let reply: Reply;
  if (container.type === 'view') {
    reply = homeReply(ctx.outbox, body.user.id);
  } else if (container.is_ephemeral || !container.channel_id || !container.message_ts) {
    // Ephemeral messages cannot be chat.update'd; their response_url can replace them.
    reply = responseUrlReply(ctx.outbox, body.response_url);
  } else {
    reply = messageReply(
      ctx.outbox,
      { channel: container.channel_id, ts: container.message_ts },
      body.user.id,
    );
  }
  return {
    actorId: body.user.id,
    key: parseNamespaceBlockId(action.block_id),
    action,
    reply,
    idempotencyKey: `slack:${key}`,
  };
}
