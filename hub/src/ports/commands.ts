/**
 * Commands as the hub stores them until their cluster's agent answers (store/command-store.ts).
 * Routing works with these values; only the store knows how they sit in Redis.
 */
import type { CommandResult } from '@curfew/proto';
import type { AuditEntry } from './audit.js';
import type { DispatchRequest } from './dispatch.js';

export type CommandState = 'queued' | 'sent' | 'accepted' | 'done' | 'expired';

export interface StoredCommand {
  id: string;
  clusterId: string;
  state: CommandState;
  createdAt: number;
  deadline: number;
  request: DispatchRequest;
  requester: string;
  result?: CommandResult;
  /** The agent's ACCEPTED answer while it is still working ("deleting: …"). */
  progress?: CommandResult;
  finishedAt?: number;
  /** For expired commands: 'queued' means never delivered, so certainly not executed. */
  expiredFrom?: CommandState;
}

/**
 * A command as the store wrote it, carried whole by a hint between replicas so the one that
 * hears it need not read it back; `CommandStore.decode` turns it into a StoredCommand.
 */
export type CommandRecord = Record<string, string>;

/**
 * 'stored' (this answer finished the command), 'accepted' (progress stored; the command stays
 * queued), 'final' (already finished: ignored), 'missing' (unknown id), 'foreign' (another
 * cluster's command).
 */
export type CompleteAnswer = 'stored' | 'accepted' | 'final' | 'missing' | 'foreign';

export type EnqueueResult =
  /** `reused`: the key named a different request (nothing stored; the caller refuses). */
  | { commandId: string; created: false; reused?: true; refused?: undefined }
  | { commandId: string; created: true; written: Written; refused?: undefined }
  /** The cluster cannot take commands; nothing was stored. */
  | { refused: 'unknown' | 'revoked' };

/** What delivering a command just stored needs, read in the same script as the write. */
export interface Written {
  /** The command as stored. */
  command: CommandRecord;
  /** How many commands its cluster's queue holds, this one included. */
  queued: number;
  /** The stream id holding the cluster (the Presence port), if any. */
  holder: string | null;
  /**
   * The store told the holder's replica of the command itself (EnqueueInput.nudge), in the
   * same round trip; `command` is then empty, the requester has nothing to deliver.
   */
  published: boolean;
}

export interface EnqueueInput {
  id: string;
  request: DispatchRequest;
  now: number;
  ttlMs: number;
  requester: string;
  /**
   * When another replica holds the cluster's stream, tell it of the new command from the
   * store's own write (one round trip fewer on a routed action). The requesting replica's
   * own stream is never nudged this way: it delivers itself.
   */
  nudge?: boolean;
}

/**
 * Commands stored durably under their id, queued per cluster until a final result or expiry.
 * State changes are atomic, so replicas racing (a result while the sweeper expires) settle on
 * exactly one outcome.
 */
export interface CommandStore {
  /**
   * Stores the command and queues it for its cluster — unless the cluster is unknown or
   * revoked (`refused`, nothing stored). With an idempotency key that was seen before,
   * stores nothing and returns the earlier command's id (`reused` when that command was a
   * different request).
   */
  enqueue(input: EnqueueInput): Promise<EnqueueResult>;
  /**
   * The earlier command an idempotency key names when it was a different request (null when
   * the key is new or names this same request): lets a caller refuse before storing anything.
   */
  reusedBy(request: DispatchRequest): Promise<StoredCommand | null>;
  get(commandId: string): Promise<StoredCommand | null>;
  /**
   * Unanswered commands of a cluster, oldest first; with `onlyQueued` only those no stream was
   * sent yet.
   */
  pending(clusterId: string, onlyQueued?: boolean, limit?: number): Promise<StoredCommand[]>;
  markSent(commandId: string, now: number): Promise<void>;
  /**
   * Records a result from `clusterId`'s agent. 'stored' means this call finished the command
   * (announce it); 'accepted' that it recorded the agent's progress; anything else means there
   * is nothing new to announce. `hash` is the command as it is after the write.
   */
  complete(
    clusterId: string,
    result: CommandResult,
    accepted: boolean,
    now: number,
  ): Promise<{ answer: CompleteAnswer; hash: CommandRecord }>;
  /** Expires every command past its deadline (plus grace once sent); returns their ids. */
  expireDue(now: number, graceMs: number, limit?: number): Promise<string[]>;
  /** A record carried by a hint (or `Written.command`) → the command; null when it is none. */
  decode(record: CommandRecord): StoredCommand | null;
}

/** A final result for a command this replica sent, with what it finishes. */
export interface FinishInput {
  clusterId: string;
  /** The command as this replica sent it, finished with the agent's final result. */
  finished: StoredCommand & { result: CommandResult; finishedAt: number };
  /** Its audit entry, recorded only when this result finished the command. */
  entry: AuditEntry;
}

/**
 * Finishes a command in one round trip: stores the final result, records its audit entry and
 * announces the outcome to every replica — all three only when this result is the one that
 * finished it (CommandStore.complete's 'stored'), else none.
 */
export interface CommandFinisher {
  finish(input: FinishInput): Promise<CompleteAnswer>;
}
