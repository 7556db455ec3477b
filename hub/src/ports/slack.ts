/**
 * The Slack side's own state in Redis (under `<prefix>slack:`, slack/store/): what one replica
 * writes and another reads is declared here, not left to two files agreeing on a key.
 */
import type { ClaimOutcome } from './notifications.js';

/** Messages the Slack side posted and what they already show. */
export interface SlackMessageState {
  /**
   * The message that asked for this command shows its outcome: the agent's own report of it
   * (an ACTION_OUTCOME notification) must not post it a second time. Kept a day.
   */
  markCommandShown(commandId: string): Promise<void>;
  wasCommandShown(commandId: string): Promise<boolean>;
  /** The newest reminder about a namespace (its outbox message key), so later news replaces it. */
  rememberNamespaceMessage(clusterId: string, namespace: string, messageKey: string): Promise<void>;
  /** Takes (reads and forgets) that message key: exactly one caller gets to update it. */
  takeNamespaceMessage(clusterId: string, namespace: string): Promise<string | null>;
}

export type RequestClaim = 'first' | 'duplicate' | 'unavailable';

/** Which Slack requests ran, shared by all replicas: a retry or replay does nothing twice. */
export interface SlackRequestClaims {
  /** 'unavailable' when Redis does not answer in time (Slack must be answered within 3 s). */
  claim(requestKey: string): Promise<RequestClaim>;
}

export interface UnreachableOwner {
  /** `clusterId/namespace`. */
  namespace: string;
  reason: string;
  since: number;
}

/** Namespaces whose owner Slack cannot reach (SPEC: "Unreachable owners are listed by the API"). */
export interface UnreachableOwners {
  /** Keeps the first failure's time: operators need to know how long nobody has been told. */
  record(namespace: string, reason: string, at: number): Promise<void>;
  clear(namespace: string): Promise<void>;
  list(): Promise<UnreachableOwner[]>;
}

/** What every follow-up record carries; the rest is the Slack flow's own. */
export interface FollowUpRecord {
  commandId: string;
  /** Epoch ms. */
  storedAt: number;
}

/** Messages waiting for a slow cluster's outcome, finished by whichever replica sees it. */
export interface FollowUpStore<T extends FollowUpRecord> {
  save(followUp: T): Promise<void>;
  get(commandId: string): Promise<T | null>;
  remove(commandId: string): Promise<void>;
  /** Command ids of follow-ups due for a look, oldest first. */
  due(now: number, limit?: number): Promise<string[]>;
  /** A command still pending: the sweep looks again at `until`. */
  postpone(commandId: string, until: number): Promise<void>;
  /**
   * Runs `work` on one replica only; a replica that dies mid-way leaves the claim to expire, so
   * another one finishes it; a `work` that throws releases it at once.
   */
  finishOnce<R>(commandId: string, at: number, work: () => Promise<R>): Promise<ClaimOutcome<R>>;
}

/** Slack's answers about users, cached for every replica (Slack's users.* limits are per minute). */
export interface SlackUserCache {
  /** undefined: not cached; null: cached as "Slack knows nobody". */
  userIdByEmail(email: string): Promise<string | null | undefined>;
  rememberUserIdByEmail(email: string, userId: string | null, ttlSeconds: number): Promise<void>;
  emailOfUser(userId: string): Promise<string | null | undefined>;
  rememberEmailOfUser(userId: string, email: string | null, ttlSeconds: number): Promise<void>;
}
