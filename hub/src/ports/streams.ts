/** The agents' streams and the messages between hub replicas. */
import type { CommandResult } from '@curfew/proto';
import type { CommandRecord, StoredCommand } from './commands.js';

/** The agents' streams, on whichever replica holds them. */
export interface AgentStreams {
  /** Closes the cluster's stream everywhere (a revoked token must not keep talking). */
  kick(clusterId: string, reason: 'revoked'): Promise<void>;
}

/**
 * One agent stream held by this replica, as routing sees it: routing hands it stored
 * commands and the agent-stream side (agents/) turns them into wire frames.
 */
export interface CommandStream {
  readonly streamId: string;
  readonly clusterId: string;
  /** Ids written on this stream, so a sweep does not resend them; cleared after a Redis outage. */
  readonly sentCommands: Set<string>;
  sendCommand(command: StoredCommand): void;
}

/** This replica's agent streams, one per cluster (agents/stream-registry.ts). */
export interface LocalStreams {
  get(clusterId: string): CommandStream | undefined;
  /** False once a newer stream for its cluster took its place. */
  isCurrent(stream: CommandStream): boolean;
  all(): CommandStream[];
}

/** What an agent stream needs of the command router (routing/router.ts). */
export interface CommandRouting {
  /** A result the agent reported on this stream. */
  complete(clusterId: string, result: CommandResult): Promise<void>;
  /** Sends the cluster's queued commands down its stream (on connect, and on request). */
  deliverPending(clusterId: string): Promise<void>;
}

/**
 * Hints between hub replicas (redis/bus.ts). The truth is always in the stores: a hint lost
 * while a replica was reconnecting is repaired by the next heartbeat sweep or re-check.
 */
export type BusMessage =
  /**
   * To the replica holding the cluster's stream: pending commands are waiting. `command` is
   * the cluster's only queued command as just stored, sent without reading the queue; without
   * it the holder reads every pending command, oldest first.
   */
  | { type: 'deliver'; clusterId: string; command?: CommandRecord }
  /** To everybody: close local streams of this cluster except `keepStreamId`. */
  | { type: 'kick'; clusterId: string; reason: 'replaced' | 'revoked'; keepStreamId?: string }
  /**
   * To everybody: this command finished, expired or reported progress. `command` is the
   * command as the replica that changed it read it back in the same round trip, so the asking
   * replica can answer without reading it again (a finished command never changes).
   */
  | { type: 'outcome'; commandId: string; command?: CommandRecord };

export type BusHandler<T extends BusMessage['type']> = (
  message: Extract<BusMessage, { type: T }>,
) => void;

/**
 * The bus's channels and wire format, for a store whose Lua script publishes as part of its
 * own write (one round trip, not two).
 */
export interface BusWire {
  /** A replica's channel is this followed by its instance name. */
  readonly hubChannelPrefix: string;
  readonly broadcastChannel: string;
  encode(message: BusMessage): string;
}

export interface HubBus {
  on<T extends BusMessage['type']>(type: T, handler: BusHandler<T>): void;
  toHub(hubInstance: string, message: BusMessage): Promise<void>;
  toAll(message: BusMessage): Promise<void>;
}

/** Whether the stores (Redis) are reachable; 'up' fires when they are again after an outage. */
export interface StoreHealth {
  readonly up: boolean;
  on(event: 'up' | 'down', listener: () => void): unknown;
}
