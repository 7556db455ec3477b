/**
 * What `GET /ui/state?user=U…` answers: the workspace as one user sees it. Plain JSON,
 * shared by the server that builds it and the page that renders it.
 */
export interface UiUser {
  id: string;
  name: string;
  realName: string;
  email?: string;
  isBot: boolean;
  deleted: boolean;
  /** Their profile time zone (IANA), in which the page shows Slack date tokens. */
  tz: string;
}

export interface UiMessage {
  channel: string;
  ts: string;
  /** The poster's user id (the app's bot user for everything the app sends). */
  user: string;
  text: string;
  blocks: unknown[];
  /** Only this user sees it ("Only visible to you"). */
  ephemeral: boolean;
  /** How many times it was edited in place (chat.update, replace_original). */
  edits: number;
  postedAt: number;
  updatedAt?: number;
}

export interface UiConversation {
  id: string;
  kind: 'channel' | 'im';
  name: string;
  messages: UiMessage[];
}

export interface UiState {
  workspace: { teamDomain: string; botName: string; botUserId: string };
  /** Whether clicks and commands can go anywhere (the sim was given an app). */
  app: { connected: boolean; url?: string };
  users: UiUser[];
  /** The user the page acts as; absent when none was asked for. */
  me?: UiUser;
  /** The user's DM with the app (once opened) and every channel. */
  conversations: UiConversation[];
  /** The user's App Home as last published. */
  home?: { id: string; blocks: unknown[]; publishedAt: number; revisions: number };
}

/** What the main pane shows: the App Home tab, the DM with the app, or a channel id. */
export type UiView = 'home' | 'dm' | string;
