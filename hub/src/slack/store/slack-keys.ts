/** Every Redis key the Slack side uses, in one place so they never collide. */
export class SlackKeys {
  constructor(readonly prefix: string) {}

  /** A Slack request already seen (Slack retries and replays run once). */
  seen(requestKey: string): string {
    return `${this.prefix}seen:${requestKey}`;
  }
  /** email → Slack user id (or a "none" marker), cached with a TTL. */
  userByEmail(email: string): string {
    return `${this.prefix}user-by-email:${email.toLowerCase()}`;
  }
  /** Slack user id → `{email}` for authorization, cached with a TTL. */
  userInfo(userId: string): string {
    return `${this.prefix}user-info:${userId}`;
  }
  /** user id → the app's DM channel with them. */
  dmChannel(userId: string): string {
    return `${this.prefix}dm:${userId}`;
  }
  /** Outbox message key → `{channel, ts}` once Slack accepted the post. */
  posted(messageKey: string): string {
    return `${this.prefix}posted:${messageKey}`;
  }
  /** Outbox message key → when a post whose outcome is unknown was attempted. */
  attempt(messageKey: string): string {
    return `${this.prefix}attempt:${messageKey}`;
  }
  /** The latest content for a message being updated (latest wins). */
  latest(coalesceId: string): string {
    return `${this.prefix}latest:${coalesceId}`;
  }
  /** Until when (epoch ms) a method is paused (Slack said 429 with Retry-After). */
  pause(method: string): string {
    return `${this.prefix}pause:${method}`;
  }
  /** When a cluster's next notification is due (per-cluster fair queuing). */
  notificationSchedule(clusterId: string): string {
    return `${this.prefix}notif-schedule:${clusterId}`;
  }
  /** When the channel is free for the next message (one per second per channel). */
  channelSlot(channel: string): string {
    return `${this.prefix}slot:${channel}`;
  }
  /** Calls of a method in the current minute (Slack's tiers are per minute). */
  methodWindow(method: string, minute: number): string {
    return `${this.prefix}window:${method}:${minute}`;
  }
  /** The last message about a namespace, so later news updates it in place. */
  namespaceMessage(clusterId: string, namespace: string): string {
    return `${this.prefix}ns-message:${clusterId}/${namespace}`;
  }
  /** Set once a command's outcome was shown in the message that asked for it. */
  commandShown(commandId: string): string {
    return `${this.prefix}command-shown:${commandId}`;
  }
  /** A message waiting for a slow cluster's outcome: where it is and what it says. */
  followUp(commandId: string): string {
    return `${this.prefix}follow-up:${commandId}`;
  }
  /** Zset: command ids with a follow-up, scored by when the sweep looks next. */
  followUps(): string {
    return `${this.prefix}follow-ups`;
  }
  /** Claimed by the replica writing a follow-up's outcome. */
  followUpClaim(commandId: string): string {
    return `${this.prefix}follow-up-claim:${commandId}`;
  }
  /** Hash: `cluster/namespace` → why its owner cannot be reached in Slack. */
  unreachable(): string {
    return `${this.prefix}unreachable`;
  }
}
