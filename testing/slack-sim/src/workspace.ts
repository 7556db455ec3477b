import { SlackIds } from './ids.js';

export interface SimUser {
  id: string;
  name: string;
  realName: string;
  email?: string;
  tz: string;
  isBot: boolean;
  deleted: boolean;
}

export interface SimMessageRevision {
  text: string;
  blocks: unknown[];
  at: number;
}

export interface SimMessage {
  channel: string;
  ts: string;
  /** Who posted it: the app's bot user, or a human for slash-command echoes. */
  user: string;
  text: string;
  blocks: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** Set for ephemeral messages: only this user sees them and they never reach history. */
  ephemeralTo?: string;
  /** How it arrived, for a page that shows the conversation. */
  via: 'chat.postMessage' | 'chat.postEphemeral' | 'response_url';
  /** Earlier versions, oldest first; `text`/`blocks` always hold the latest. */
  revisions: SimMessageRevision[];
  postedAt: number;
  updatedAt?: number;
  deleted: boolean;
}

export interface SimConversation {
  id: string;
  kind: 'channel' | 'im';
  /** Channel name without `#`; for a DM, the peer's user name. */
  name: string;
  /** DMs: the human on the other side of the app. */
  userId?: string;
  messages: SimMessage[];
}

export interface SimView {
  id: string;
  type: 'home' | 'modal';
  userId: string;
  view: Record<string, unknown>;
  hash: string;
  publishedAt: number;
  revisions: number;
}

export interface SimIdentity {
  teamId: string;
  teamDomain: string;
  appId: string;
  botId: string;
  botUserId: string;
  botName: string;
}

export interface NewUser {
  id?: string;
  name: string;
  email?: string;
  realName?: string;
  tz?: string;
  isBot?: boolean;
  deleted?: boolean;
}

export interface NewMessage {
  user: string;
  text: string;
  blocks?: unknown[];
  metadata?: SimMessage['metadata'];
  ephemeralTo?: string;
  via: SimMessage['via'];
}

/**
 * The recorded workspace: users, channels, DMs with the app, every message with its edit
 * history (updates are applied in place, earlier versions kept), and App Home / modal
 * views. Everything is plain data so a web page can render it as conversations later.
 */
export class SimWorkspace {
  readonly ids: SlackIds;
  readonly identity: SimIdentity;
  private readonly users = new Map<string, SimUser>();
  private readonly conversations = new Map<string, SimConversation>();
  private readonly views = new Map<string, SimView>();

  constructor(private readonly now: () => number) {
    this.ids = new SlackIds(now);
    this.identity = {
      teamId: 'T000000001',
      teamDomain: 'curfew-sim',
      appId: 'A000000001',
      botId: 'B000000001',
      botUserId: 'U000000000',
      botName: 'curfew',
    };
  }

  addUser(input: NewUser): SimUser {
    const user: SimUser = {
      id: input.id ?? this.ids.next('U'),
      name: input.name,
      realName: input.realName ?? input.name,
      tz: input.tz ?? 'Europe/Berlin',
      isBot: input.isBot ?? false,
      deleted: input.deleted ?? false,
      ...(input.email === undefined ? {} : { email: input.email }),
    };
    this.users.set(user.id, user);
    return user;
  }

  addChannel(name: string, id?: string): SimConversation {
    const conversation: SimConversation = {
      id: id ?? this.ids.next('C'),
      kind: 'channel',
      name: name.replace(/^#/, ''),
      messages: [],
    };
    this.conversations.set(conversation.id, conversation);
    return conversation;
  }

  user(id: string): SimUser | undefined {
    return this.users.get(id);
  }

  userByEmail(email: string): SimUser | undefined {
    const wanted = email.toLowerCase();
    return [...this.users.values()].find((u) => u.email?.toLowerCase() === wanted);
  }

  listUsers(): SimUser[] {
    return [...this.users.values()];
  }

  /** The app's DM with a user, created on first use like `conversations.open` does. */
  openIm(userId: string): SimConversation | undefined {
    const user = this.users.get(userId);
    if (!user || user.deleted) return undefined;
    const existing = [...this.conversations.values()].find(
      (c) => c.kind === 'im' && c.userId === userId,
    );
    if (existing) return existing;
    const im: SimConversation = {
      id: this.ids.next('D'),
      kind: 'im',
      name: user.name,
      userId,
      messages: [],
    };
    this.conversations.set(im.id, im);
    return im;
  }

  /**
   * Where `chat.postMessage`'s `channel` argument points: a channel or DM id, a channel
   * name (with or without `#`), or a user id (Slack posts into the app's DM with them).
   */
  resolveChannel(channel: string): SimConversation | undefined {
    const byId = this.conversations.get(channel);
    if (byId) return byId;
    if (/^[UW]/.test(channel) && this.users.has(channel)) return this.openIm(channel);
    const name = channel.replace(/^#/, '');
    return [...this.conversations.values()].find((c) => c.kind === 'channel' && c.name === name);
  }

  conversation(id: string): SimConversation | undefined {
    return this.conversations.get(id);
  }

  listConversations(): SimConversation[] {
    return [...this.conversations.values()];
  }

  /** Every message of the app's DM with this user (ephemeral ones included). */
  dm(userId: string): SimMessage[] {
    const im = [...this.conversations.values()].find((c) => c.kind === 'im' && c.userId === userId);
    return im ? im.messages : [];
  }

  post(conversation: SimConversation, input: NewMessage): SimMessage {
    const message: SimMessage = {
      channel: conversation.id,
      ts: this.ids.messageTs(),
      user: input.user,
      text: input.text,
      blocks: input.blocks ?? [],
      via: input.via,
      revisions: [],
      postedAt: this.now(),
      deleted: false,
      ...(input.metadata === undefined ? {} : { metadata: input.metadata }),
      ...(input.ephemeralTo === undefined ? {} : { ephemeralTo: input.ephemeralTo }),
    };
    conversation.messages.push(message);
    return message;
  }

  findMessage(channel: string, ts: string): SimMessage | undefined {
    return this.conversations.get(channel)?.messages.find((m) => m.ts === ts && !m.deleted);
  }

  /** Applies an edit in place, keeping the previous version in `revisions`. */
  edit(message: SimMessage, text: string, blocks: unknown[] | undefined): SimMessage {
    message.revisions.push({
      text: message.text,
      blocks: message.blocks,
      at: message.updatedAt ?? message.postedAt,
    });
    message.text = text;
    if (blocks !== undefined) message.blocks = blocks;
    message.updatedAt = this.now();
    return message;
  }

  publishHome(userId: string, view: Record<string, unknown>): SimView {
    const existing = [...this.views.values()].find((v) => v.type === 'home' && v.userId === userId);
    const record: SimView = {
      id: existing?.id ?? this.ids.next('V'),
      type: 'home',
      userId,
      view,
      hash: `${this.now()}.${this.ids.next('E')}`,
      publishedAt: this.now(),
      revisions: (existing?.revisions ?? 0) + 1,
    };
    this.views.set(record.id, record);
    return record;
  }

  openModal(userId: string, view: Record<string, unknown>): SimView {
    const record: SimView = {
      id: this.ids.next('V'),
      type: 'modal',
      userId,
      view,
      hash: `${this.now()}.${this.ids.next('E')}`,
      publishedAt: this.now(),
      revisions: 1,
    };
    this.views.set(record.id, record);
    return record;
  }

  home(userId: string): SimView | undefined {
    return [...this.views.values()].find((v) => v.type === 'home' && v.userId === userId);
  }

  listViews(): SimView[] {
    return [...this.views.values()];
  }

  /** Plain data for a page (or a test's failure message) to show the whole workspace. */
  snapshot(): {
    identity: SimIdentity;
    users: SimUser[];
    conversations: SimConversation[];
    views: SimView[];
  } {
    return structuredClone({
      identity: this.identity,
      users: this.listUsers(),
      conversations: this.listConversations(),
      views: this.listViews(),
    });
  }
}
