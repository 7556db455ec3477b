import { fail, type MethodHandler, messageJson, str, truthy } from './context.js';

export const open: MethodHandler = ({ workspace }, args) => {
  const channel = str(args, 'channel');
  if (channel !== undefined) {
    const existing = workspace.conversation(channel);
    return existing ? { ok: true, channel: { id: existing.id } } : fail('channel_not_found');
  }
  const users = str(args, 'users');
  if (users === undefined) return fail('users_list_not_supplied');
  const ids = users.split(',').map((u) => u.trim());
  // Multi-person DMs are not something the app uses; answer like Slack for one user.
  if (ids.length !== 1 || ids[0] === undefined) return fail('not_implemented');
  const im = workspace.openIm(ids[0]);
  if (!im) return fail('user_not_found');
  return { ok: true, channel: { id: im.id } };
};

/** Newest first, without ephemeral messages; metadata only when asked for. */
export const history: MethodHandler = ({ workspace }, args) => {
  const id = str(args, 'channel');
  const conversation = id === undefined ? undefined : workspace.conversation(id);
  if (!conversation) return fail('channel_not_found');
  const oldest = Number(str(args, 'oldest') ?? '0');
  const latest = Number(str(args, 'latest') ?? 'Infinity');
  const limit = Math.min(Number(str(args, 'limit') ?? '100') || 100, 999);
  const withMetadata = truthy(args, 'include_all_metadata');
  const visible = conversation.messages
    .filter((m) => !m.deleted && m.ephemeralTo === undefined)
    .filter((m) => Number(m.ts) >= oldest && Number(m.ts) <= latest)
    .reverse();
  return {
    ok: true,
    messages: visible.slice(0, limit).map((m) => messageJson(workspace, m, withMetadata)),
    has_more: visible.length > limit,
  };
};
