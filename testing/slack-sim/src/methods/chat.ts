import { blocksProblem } from '../block-rules.js';
import type { SimMessage } from '../workspace.js';
import { fail, json, type MethodHandler, messageJson, type SlackResult, str } from './context.js';

/** `text` and `blocks` as Slack validates them for chat.* methods. */
function content(
  args: Record<string, unknown>,
): { text: string; blocks: unknown[] | undefined } | SlackResult {
  const blocks = json(args, 'blocks');
  if (blocks === 'invalid' || (blocks !== undefined && !Array.isArray(blocks))) {
    return fail('invalid_blocks');
  }
  if (Array.isArray(blocks) && blocksProblem(blocks, 50) !== undefined)
    return fail('invalid_blocks');
  const text = str(args, 'text') ?? '';
  if (text === '' && (blocks === undefined || blocks.length === 0)) return fail('no_text');
  return { text, blocks: blocks as unknown[] | undefined };
}

function isResult(value: unknown): value is SlackResult {
  return typeof value === 'object' && value !== null && 'ok' in value;
}

function metadataArg(args: Record<string, unknown>): SimMessage['metadata'] | 'invalid' {
  const metadata = json(args, 'metadata');
  if (metadata === undefined) return undefined;
  if (
    metadata === 'invalid' ||
    typeof metadata !== 'object' ||
    metadata === null ||
    typeof (metadata as { event_type?: unknown }).event_type !== 'string'
  ) {
    return 'invalid';
  }
  return metadata as SimMessage['metadata'];
}

export const postMessage: MethodHandler = ({ workspace }, args) => {
  const target = str(args, 'channel');
  const conversation = target === undefined ? undefined : workspace.resolveChannel(target);
  if (!conversation) return fail('channel_not_found');
  const body = content(args);
  if (isResult(body)) return body;
  const metadata = metadataArg(args);
  if (metadata === 'invalid') return fail('invalid_metadata_format');
  const message = workspace.post(conversation, {
    user: workspace.identity.botUserId,
    text: body.text,
    via: 'chat.postMessage',
    ...(body.blocks === undefined ? {} : { blocks: body.blocks }),
    ...(metadata === undefined ? {} : { metadata }),
  });
  return {
    ok: true,
    channel: conversation.id,
    ts: message.ts,
    message: messageJson(workspace, message, false),
  };
};

export const update: MethodHandler = ({ workspace }, args) => {
  const channel = str(args, 'channel');
  const ts = str(args, 'ts');
  if (channel === undefined || workspace.conversation(channel) === undefined) {
    return fail('channel_not_found');
  }
  const message = ts === undefined ? undefined : workspace.findMessage(channel, ts);
  if (!message || message.ephemeralTo !== undefined) return fail('message_not_found');
  if (message.user !== workspace.identity.botUserId) return fail('cant_update_message');
  const body = content(args);
  if (isResult(body)) return body;
  workspace.edit(message, body.text, body.blocks);
  return {
    ok: true,
    channel,
    ts: message.ts,
    text: message.text,
    message: messageJson(workspace, message, false),
  };
};

export const postEphemeral: MethodHandler = ({ workspace }, args) => {
  const target = str(args, 'channel');
  const conversation = target === undefined ? undefined : workspace.resolveChannel(target);
  if (!conversation) return fail('channel_not_found');
  const userId = str(args, 'user');
  const user = userId === undefined ? undefined : workspace.user(userId);
  if (!user || user.deleted) return fail('user_not_found');
  if (conversation.kind === 'im' && conversation.userId !== user.id) {
    return fail('user_not_in_channel');
  }
  const body = content(args);
  if (isResult(body)) return body;
  const message = workspace.post(conversation, {
    user: workspace.identity.botUserId,
    text: body.text,
    ephemeralTo: user.id,
    via: 'chat.postEphemeral',
    ...(body.blocks === undefined ? {} : { blocks: body.blocks }),
  });
  return { ok: true, message_ts: message.ts };
};
