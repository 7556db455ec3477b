import type { MessageContent } from '../blocks/kit.js';

// The outbox carries what the blocks build; the type lives with them (blocks/ never imports
// outbox/), and is re-exported here for the outbox's own users.
export type { MessageContent };

/** Where a new message goes: a channel id/name, or a user (their DM with the app). */
export type Destination = { channel: string } | { user: string };

export interface MessageRef {
  channel: string;
  ts: string;
}

/** The message an update replaces. */
export type UpdateTarget =
  | { kind: 'message'; channel: string; ts: string }
  /** A message the outbox posted (or will post) under this key. */
  | { kind: 'posted'; key: string }
  /** An interaction's response_url (slash command answers, ephemeral messages). */
  | { kind: 'response_url'; url: string };

export interface PostJob {
  key: string;
  to: Destination;
  content: MessageContent;
}

export interface UpdateJob {
  target: UpdateTarget;
  coalesceId: string;
}

export interface EphemeralJob {
  channel: string;
  user: string;
  content: MessageContent;
}

export interface HomeJob {
  userId: string;
  /** A line shown on top, e.g. the outcome of a button pressed in the Home tab. */
  notice?: string;
}

export interface DeliverJob {
  clusterId: string;
  /** The agent's Notification as protobuf JSON (bigint timestamps do not survive JSON). */
  notification: unknown;
}

export const JOB = {
  post: 'post',
  update: 'update',
  ephemeral: 'ephemeral',
  home: 'home',
  deliver: 'deliver',
} as const;
export type JobName = (typeof JOB)[keyof typeof JOB];
