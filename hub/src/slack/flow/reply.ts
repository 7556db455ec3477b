import type { SlackOutbox } from '../outbox/outbox.js';
import type { MessageContent } from '../outbox/types.js';

/**
 * Where an interaction's progress and outcome go: the original message is updated in
 * place (SPEC: "outcomes update the original message"); refusals are only for the actor.
 */
export interface Reply {
  /** Replaces the original message (coalesced; the latest wins). */
  update(content: MessageContent): Promise<void>;
  /** Tells only the actor (ephemeral). */
  private(content: MessageContent): Promise<void>;
}

/** Slash commands and ephemeral messages: their response_url. */
export function responseUrlReply(outbox: SlackOutbox, url: string): Reply {
  const send = (content: MessageContent) => outbox.update({ kind: 'response_url', url }, content);
  return { update: send, private: send };
}

/** Buttons in a message the app posted: chat.update it; refusals ephemeral in its channel. */
export function messageReply(
  outbox: SlackOutbox,
  message: { channel: string; ts: string },
  userId: string,
): Reply {
  return {
    update: (content) => outbox.update({ kind: 'message', ...message }, content),
    private: (content) => outbox.ephemeral(message.channel, userId, content),
  };
}

/** Buttons in the App Home tab: re-publish it with the news on top. */
export function homeReply(outbox: SlackOutbox, userId: string): Reply {
  const send = (content: MessageContent) => outbox.refreshHome(userId, content.text);
  return { update: send, private: send };
}
