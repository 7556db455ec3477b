import type { SlackOutbox } from '../outbox/outbox.js';
import type { MessageContent } from '../outbox/types.js';

/**
 * Where a reply goes, as plain data: stored in Redis with a command still waiting for its
 * cluster, so whichever replica sees the outcome can finish the message.
 */
export type ReplyTarget =
  /** Slash commands and ephemeral messages: their response_url. */
  | { kind: 'response_url'; url: string }
  /** Buttons in a message the app posted, clicked by `userId`. */
  | { kind: 'message'; channel: string; ts: string; userId: string }
  /** Buttons in `userId`'s App Home tab. */
  | { kind: 'home'; userId: string };

/**
 * Where an interaction's progress and outcome go: the original message is updated in
 * place (SPEC: "outcomes update the original message"); refusals are only for the actor.
 */
export interface Reply {
  readonly target: ReplyTarget;
  /** Replaces the original message (coalesced; the latest wins). */
  update(content: MessageContent): Promise<void>;
  /** Tells only the actor (ephemeral). */
  private(content: MessageContent): Promise<void>;
}

/** The Reply for a target, on any replica. */
export function replyTo(outbox: SlackOutbox, target: ReplyTarget): Reply {
  switch (target.kind) {
    case 'response_url': {
      const send = (content: MessageContent) =>
        outbox.update({ kind: 'response_url', url: target.url }, content);
      return { target, update: send, private: send };
    }
    case 'message':
      // chat.update the message; refusals ephemeral in its channel.
      return {
        target,
        update: (content) =>
          outbox.update({ kind: 'message', channel: target.channel, ts: target.ts }, content),
        private: (content) => outbox.ephemeral(target.channel, target.userId, content),
      };
    case 'home': {
      // Re-publish the Home tab with the news on top.
      const send = (content: MessageContent) => outbox.refreshHome(target.userId, content.text);
      return { target, update: send, private: send };
    }
  }
}

/** Slash commands and ephemeral messages: their response_url. */
export function responseUrlReply(outbox: SlackOutbox, url: string): Reply {
  return replyTo(outbox, { kind: 'response_url', url });
}

/** Buttons in a message the app posted: chat.update it; refusals ephemeral in its channel. */
export function messageReply(
  outbox: SlackOutbox,
  message: { channel: string; ts: string },
  userId: string,
): Reply {
  return replyTo(outbox, { kind: 'message', ...message, userId });
}

/** Buttons in the App Home tab: re-publish it with the news on top. */
export function homeReply(outbox: SlackOutbox, userId: string): Reply {
  return replyTo(outbox, { kind: 'home', userId });
}
