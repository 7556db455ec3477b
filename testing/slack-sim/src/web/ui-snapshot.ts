import type { SimMessage, SimUser, SimWorkspace } from '../workspace.js';
import type { UiMessage, UiState, UiUser } from './client/ui-state.js';

/**
 * The workspace as `userId` sees it in Slack: their own DM with the app, every channel,
 * no deleted messages and nobody else's ephemeral ones, and their App Home.
 */
export function uiState(
  workspace: SimWorkspace,
  app: { url: string } | undefined,
  userId: string | undefined,
): UiState {
  const me = userId === undefined ? undefined : workspace.user(userId);
  const visible = (m: SimMessage) =>
    !m.deleted && (m.ephemeralTo === undefined || m.ephemeralTo === me?.id);
  const conversations = me
    ? workspace
        .listConversations()
        .filter((c) => c.kind === 'channel' || c.userId === me.id)
        .map((c) => ({
          id: c.id,
          kind: c.kind,
          name: c.name,
          messages: c.messages.filter(visible).map(uiMessage),
        }))
    : [];
  const home = me ? workspace.home(me.id) : undefined;
  const blocks = home?.view.blocks;
  return {
    workspace: {
      teamDomain: workspace.identity.teamDomain,
      botName: workspace.identity.botName,
      botUserId: workspace.identity.botUserId,
    },
    app: app ? { connected: true, url: app.url } : { connected: false },
    users: workspace.listUsers().map(uiUser),
    ...(me ? { me: uiUser(me) } : {}),
    conversations,
    ...(home
      ? {
          home: {
            id: home.id,
            blocks: Array.isArray(blocks) ? structuredClone(blocks) : [],
            publishedAt: home.publishedAt,
            revisions: home.revisions,
          },
        }
      : {}),
  };
}

function uiUser(user: SimUser): UiUser {
  return {
    id: user.id,
    name: user.name,
    realName: user.realName,
    isBot: user.isBot,
    tz: user.tz,
    deleted: user.deleted,
    ...(user.email === undefined ? {} : { email: user.email }),
  };
}

function uiMessage(message: SimMessage): UiMessage {
  return {
    channel: message.channel,
    ts: message.ts,
    user: message.user,
    text: message.text,
    blocks: structuredClone(message.blocks),
    ephemeral: message.ephemeralTo !== undefined,
    edits: message.revisions.length,
    postedAt: message.postedAt,
    ...(message.updatedAt === undefined ? {} : { updatedAt: message.updatedAt }),
  };
}
