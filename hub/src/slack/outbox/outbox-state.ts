/**
 * What the outbox keeps in Redis besides its BullMQ queue (slack/store/outbox-store.ts):
 * posted messages, uncertain attempts, the latest content of coalesced updates, and pacing.
 * The outbox and its processors use this port; only mount.ts builds the store.
 */
import type { ClusterBudget, Lane } from './rate-limits.js';
import type { MessageContent, MessageRef } from './types.js';

export interface OutboxState {
  posted(key: string): Promise<MessageRef | null>;
  /** Slack accepted the post: remember where it is, and forget the uncertain attempt. */
  recordPosted(key: string, ref: MessageRef): Promise<void>;
  /** When a post whose outcome is unknown was sent (epoch ms), if one was. */
  uncertainAttempt(key: string): Promise<number | null>;
  /** Written BEFORE the call (keeping the earliest): if we never learn the outcome, the retry looks first. */
  markAttempt(key: string, at: number): Promise<void>;
  /** Slack answered and did not post (429, a refusal): nothing to reconcile. */
  clearAttempt(key: string): Promise<void>;
  /** Stores the newest content for a message with an increasing version (latest wins). */
  setLatest(coalesceId: string, content: MessageContent): Promise<void>;
  /** The newest content, unless that version was already sent. */
  unsent(coalesceId: string): Promise<{ version: number; content: MessageContent } | null>;
  markSent(coalesceId: string, version: number): Promise<void>;
  /** Slack said 429: nobody calls this method until Retry-After (`ms` after `now`) has passed. */
  pauseMethod(method: string, ms: number, now: number): Promise<void>;
  /** 0 when `method` may be called at `now` (for `channel`), else how many ms to wait. */
  acquire(method: string, channel: string | undefined, now: number, lane?: Lane): Promise<number>;
  /**
   * When a cluster's next notification may be handled: ms from `now` (0: at once), or null
   * when the cluster has queued more than its budget allows.
   */
  scheduleNotification(
    clusterId: string,
    now: number,
    budget: ClusterBudget,
  ): Promise<number | null>;
  dmChannel(userId: string): Promise<string | null>;
  recordDmChannel(userId: string, channel: string): Promise<void>;
}
