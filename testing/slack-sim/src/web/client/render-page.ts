import type { NameLookup } from './mrkdwn.js';
import { renderMrkdwn } from './mrkdwn.js';
import { renderBlocks } from './render-blocks.js';
import type { UiConversation, UiMessage, UiState, UiView } from './ui-state.js';
import { h, type VElement } from './vnode.js';

export function namesOf(state: UiState): NameLookup {
  return {
    user: (id) =>
      id === state.workspace.botUserId
        ? state.workspace.botName
        : state.users.find((u) => u.id === id)?.name,
    channel: (id) => state.conversations.find((c) => c.id === id && c.kind === 'channel')?.name,
    ...(state.me ? { timeZone: state.me.tz } : {}),
  };
}

/** The people one can act as (bots and deactivated users cannot type or click). */
export function renderUserOptions(state: UiState): VElement[] {
  return state.users
    .filter((u) => !u.isBot && !u.deleted)
    .map((u) =>
      h(
        'option',
        { value: u.id, selected: u.id === state.me?.id ? '' : undefined },
        u.email ? `${u.name} (${u.email})` : u.name,
      ),
    );
}

export function conversationOf(state: UiState, view: UiView): UiConversation | undefined {
  if (view === 'home') return undefined;
  if (view === 'dm') return state.conversations.find((c) => c.kind === 'im');
  return state.conversations.find((c) => c.id === view && c.kind === 'channel');
}

export function renderSidebar(state: UiState, view: UiView): VElement {
  const item = (key: UiView, label: string, extra?: VElement) =>
    h(
      'button',
      {
        type: 'button',
        class: key === view ? 'side-item active' : 'side-item',
        'data-view': key,
        'aria-current': key === view ? 'page' : undefined,
      },
      label,
      extra,
    );
  const channels = state.conversations.filter((c) => c.kind === 'channel');
  return h(
    'nav',
    { class: 'sidebar-nav', 'aria-label': 'Conversations' },
    h('div', { class: 'side-heading' }, 'App'),
    item('home', `${state.workspace.botName} · Home`),
    h('div', { class: 'side-heading' }, 'Direct messages'),
    item('dm', state.workspace.botName, h('span', { class: 'badge' }, 'APP')),
    h('div', { class: 'side-heading' }, 'Channels'),
    channels.length === 0
      ? h('div', { class: 'side-empty' }, 'No channels')
      : channels.map((c) => item(c.id, `# ${c.name}`)),
  );
}

export function titleOf(state: UiState, view: UiView): string {
  if (view === 'home') return `${state.workspace.botName} — Home`;
  if (view === 'dm') return `${state.workspace.botName} (direct message)`;
  const channel = conversationOf(state, view);
  return channel ? `# ${channel.name}` : 'Unknown conversation';
}

/** The main pane: the App Home view or a conversation's messages, oldest first. */
export function renderMain(state: UiState, view: UiView): VElement {
  const names = namesOf(state);
  if (view === 'home') {
    if (!state.home) {
      return h(
        'div',
        { class: 'empty' },
        'The app has not published a Home tab for you yet (opening Home tells it: app_home_opened).',
      );
    }
    return h(
      'div',
      { class: 'home', 'data-source': 'home' },
      renderBlocks(state.home.blocks, names),
    );
  }
  const conversation = conversationOf(state, view);
  const messages = conversation?.messages ?? [];
  if (messages.length === 0) return h('div', { class: 'empty' }, 'No messages yet.');
  return h(
    'div',
    { class: 'messages' },
    messages.map((m) => renderMessage(m, state, names)),
  );
}

export function renderMessage(message: UiMessage, state: UiState, names: NameLookup): VElement {
  const isApp = message.user === state.workspace.botUserId;
  const author = names.user(message.user) ?? message.user;
  return h(
    'div',
    {
      class: message.ephemeral ? 'message ephemeral' : 'message',
      'data-source': 'message',
      'data-channel': message.channel,
      'data-ts': message.ts,
    },
    h('div', { class: isApp ? 'avatar app' : 'avatar' }, (author[0] ?? '?').toUpperCase()),
    h(
      'div',
      { class: 'message-body' },
      h(
        'div',
        { class: 'message-meta' },
        h('strong', { class: 'author' }, author),
        isApp && h('span', { class: 'badge' }, 'APP'),
        h('time', { datetime: new Date(message.postedAt).toISOString() }, clock(message.postedAt)),
        message.edits > 0 &&
          h(
            'span',
            { class: 'edited', title: `edited ${message.edits}×` },
            message.updatedAt === undefined ? '(edited)' : `(edited ${clock(message.updatedAt)})`,
          ),
        message.ephemeral && h('span', { class: 'only-you' }, 'Only visible to you'),
      ),
      h(
        'div',
        { class: 'message-content' },
        message.blocks.length > 0
          ? renderBlocks(message.blocks, names)
          : h('div', { class: 'sk-text' }, renderMrkdwn(message.text, names)),
      ),
    ),
  );
}

/** HH:MM in UTC: the same on every machine, so screenshots and tests agree. */
function clock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}
